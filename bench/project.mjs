/**
 * `--project`: a repetition's runs, as their records give them, scheduled again on more workers
 * (bench/schedule.mjs), so that what 4 and 8 cores would give is read from the schedule, not
 * guessed. Two ways of crossing are projected:
 * - today's rule (runner/pool.ts): a node goes to the pool if its time beats a call's cost plus its
 *   share of its tables' crossing (`worthSending`, `crossingMs`). A table is encoded once a run,
 *   on the realm's thread, and copied once to each worker that gets it; the value comes back
 *   encoded on the worker's thread;
 * - the bound: every function node may go, and crossing costs nothing (values shared, not copied).
 * What is not node time (fingerprints, writes, messages) is taken to stay as it is. Not modelled:
 * early calls (the fingerprint overlapping the workers) and views of stored tables crossing as a
 * filter (runner/views.ts), both of which make today's crossing cheaper than projected here.
 */
import { nodesOf, scheduleLength } from "./schedule.mjs";

// runner/pool.ts's constants.
const CELLS_PER_MS = 50_000;
const CALL_MS = 8;
const BYTES_PER_MS = 2_000_000;
const BYTES_PER_CELL = 6;
const WORKERS = [1, 2, 4, 8];

/** Table cells each node's value has in the §10 dataflow (its columns × rows; the rest is scalar). */
function cellsOf(rows) {
  const kept = Math.round((rows * 29) / 30); // processed_data keeps dates after the 1st of 30
  return { raw_data: rows * 4, processed_data: kept * 5, amount_per_country: 4 * 2 };
}

/** Today's rule on `workers` workers: which nodes go, and what each call costs (state per schedule). */
function todaysRule(nodes, executed, cells, workers) {
  const readers = new Map();
  for (const n of nodes) for (const p of n.params) readers.set(p, (readers.get(p) ?? 0) + 1);
  const tables = (name) => nodes.find((n) => n.name === name).params.filter((p) => cells[p] > 0);
  // `crossingMs`: the encoding and one copy a worker, shared by the table's readers.
  const share = (p) => (cells[p] / CELLS_PER_MS + Math.min(workers, readers.get(p)) * ((cells[p] * BYTES_PER_CELL) / BYTES_PER_MS)) / readers.get(p);
  const encoded = new Set();
  const copied = new Set();
  return {
    sent: (name) => executed.get(name) >= CALL_MS + (cells[name] ?? 0) / CELLS_PER_MS + tables(name).reduce((ms, p) => ms + share(p), 0),
    cross: (name, worker) => {
      let out = 0;
      for (const p of tables(name)) {
        if (!encoded.has(p)) out += cells[p] / CELLS_PER_MS;
        if (!copied.has(`${p}@${worker}`)) out += (cells[p] * BYTES_PER_CELL) / BYTES_PER_MS;
        encoded.add(p);
        copied.add(`${p}@${worker}`);
      }
      return { out, back: (cells[name] ?? 0) / CELLS_PER_MS };
    },
  };
}

export function projection(source, rows, run) {
  const nodes = nodesOf(source);
  const executed = new Map(run.nodes.filter((n) => n.status === "executed" && n.durationMs !== undefined).map((n) => [n.name, n.durationMs]));
  const cells = cellsOf(rows);
  const serial = scheduleLength(nodes, executed, { workers: 1 });
  const overhead = run.ms - serial;
  const row = (k, how) => {
    const length = scheduleLength(nodes, executed, { workers: k, ...how });
    return { workers: k, ms: Math.round(overhead + length), node_time_speedup: Math.round((serial / length) * 100) / 100 };
  };
  return {
    measured_ms: Math.round(run.ms),
    node_ms: Math.round(serial),
    today: WORKERS.map((k) => row(k, todaysRule(nodes, executed, cells, k))),
    bound: WORKERS.map((k) => row(k, { sent: () => true })),
  };
}

export function printProjection(source, rows, detail) {
  for (const scenario of ["no_cache", "code_edit"]) {
    const p = projection(source, rows, detail[scenario]);
    const line = (rows) => rows.map((r) => `${r.workers}: ${r.ms} ms (${r.node_time_speedup}×)`).join(", ");
    console.log(`  projected ${scenario} (${p.measured_ms} ms measured, ${p.node_ms} ms of it node time)`);
    console.log(`    today's crossing  ${line(p.today)}`);
    console.log(`    free crossing     ${line(p.bound)}`);
  }
}
