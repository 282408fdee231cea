/**
 * `--project`: a repetition's runs, as their records give them, scheduled again on more workers
 * (bench/schedule.mjs), so that what 4 and 8 cores would give is read from the schedule, not
 * guessed. Two ways of crossing are projected:
 * - today's rule (runner/pricing.ts `worthSending`, `crossingMs`): a node goes to the pool if a
 *   call's cost plus its share of its tables' crossing is under half its time (`SEND_SHARE`).
 *   Only the columns a node reads cross (runner/columns.ts); each set of columns of a table is
 *   encoded once a run on the realm's thread (JS strings at 7.5k cells a ms, numbers at 50k) and
 *   copied once to each worker that gets it; the value comes back encoded on the worker's thread;
 * - the bound: every function node may go, and crossing costs nothing (values shared, not copied).
 * What is not node time (fingerprints, writes, messages) is taken to stay as it is. Node times are
 * the record's, as measured where each node ran (a stat takes 26 ms in the realm and 4–30 on a
 * worker: the projection keeps the realm's). Not modelled: early calls (the fingerprint
 * overlapping the workers), the calls posted ahead of the realm's own work, a measured crossing
 * rate, views of stored tables crossing as a filter (runner/views.ts), and the second way a node
 * goes (its crossing and its time on a worker under its time here), which needs worker times.
 */
import { nodesOf, scheduleLength } from "./schedule.mjs";

// runner/pricing.ts's constants.
const CELLS_PER_MS = 50_000;
const STRING_CELLS_PER_MS = 7_500;
const CALL_MS = 8;
const BYTES_PER_MS = 2_000_000;
const BYTES_PER_CELL = 6;
const SEND_SHARE = 0.5;
const WORKERS = [1, 2, 4, 8];

/**
 * The §10 dataflow's tables: their rows, and per column whether it holds JS strings; and the
 * columns of each table argument a node's call sends (what runner/columns.ts finds its source
 * mentions; `processed_data` keeps `city`, which it does not name, so it is sent every column).
 */
function tablesOf(rows) {
  const kept = Math.round((rows * 25) / 30); // processed_data keeps dates after the 5th of 30
  return {
    raw_data: { rows, strings: { city: true, country: true, date: true, amount: false } },
    processed_data: { rows: kept, strings: { city: true, country: true, date: true, amount: false, amount_in_usd: false } },
    amount_per_country: { rows: 4, strings: { country: true, amount_in_usd: false } },
  };
}
const sentOf = (node, param, table) => {
  if (node === "amount_per_country") return ["country", "amount_in_usd"];
  if (node.startsWith("stat_")) return ["amount_in_usd"];
  return Object.keys(table.strings);
};

/** Today's rule on `workers` workers: which nodes go, and what each call costs (state per schedule). */
function todaysRule(nodes, executed, tables, workers) {
  const tableParams = (name) => nodes.find((n) => n.name === name).params.filter((p) => tables[p]);
  const crossingKey = (name, p) => `${p}:${sentOf(name, p, tables[p]).join(",")}`;
  // How many calls send each set of columns of a table: they share its encoding and copies.
  const readers = new Map();
  for (const n of nodes) for (const p of tableParams(n.name)) readers.set(crossingKey(n.name, p), (readers.get(crossingKey(n.name, p)) ?? 0) + 1);
  const encodeMs = (name, p) => sentOf(name, p, tables[p]).reduce((ms, c) => ms + tables[p].rows / (tables[p].strings[c] ? STRING_CELLS_PER_MS : CELLS_PER_MS), 0);
  const copyMs = (name, p) => (tables[p].rows * sentOf(name, p, tables[p]).length * BYTES_PER_CELL) / BYTES_PER_MS;
  // `crossingMs`: the encoding and one copy a worker, shared by the calls that send those columns.
  const share = (name, p) => {
    const n = readers.get(crossingKey(name, p));
    return (encodeMs(name, p) + Math.min(workers, n) * copyMs(name, p)) / n;
  };
  const returned = (name) => (tables[name] ? (tables[name].rows * Object.keys(tables[name].strings).length) / CELLS_PER_MS : 0);
  const encoded = new Set();
  const copied = new Set();
  return {
    sent: (name) => executed.get(name) * SEND_SHARE >= CALL_MS + returned(name) + tableParams(name).reduce((ms, p) => ms + share(name, p), 0),
    cross: (name, worker) => {
      let out = 0;
      for (const p of tableParams(name)) {
        const key = crossingKey(name, p);
        if (!encoded.has(key)) out += encodeMs(name, p);
        if (!copied.has(`${key}@${worker}`)) out += copyMs(name, p);
        encoded.add(key);
        copied.add(`${key}@${worker}`);
      }
      return { out, back: returned(name) };
    },
  };
}

export function projection(source, rows, run) {
  const nodes = nodesOf(source);
  const executed = new Map(run.nodes.filter((n) => n.status === "executed" && n.durationMs !== undefined).map((n) => [n.name, n.durationMs]));
  const tables = tablesOf(rows);
  const serial = scheduleLength(nodes, executed, { workers: 1 });
  const overhead = run.ms - serial;
  const row = (k, how) => {
    const length = scheduleLength(nodes, executed, { workers: k, ...how });
    return { workers: k, ms: Math.round(overhead + length), node_time_speedup: Math.round((serial / length) * 100) / 100 };
  };
  return {
    measured_ms: Math.round(run.ms),
    node_ms: Math.round(serial),
    today: WORKERS.map((k) => row(k, todaysRule(nodes, executed, tables, k))),
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
