/**
 * `--project`: a repetition's runs, as their records give them, scheduled again on more workers
 * (bench/schedule.mjs), so that what 4 and 8 cores would give is read from the schedule, not
 * guessed. Two ways of crossing are projected:
 * - as the earlier rule had it (see below): a node goes to the pool if its tables, and the value it gave back last time, are
 *   small or it is long (runner/pool.ts `worthSending`); its tables cross as Arrow, encoded at
 *   the rate below;
 * - the bound: every function node may go, and crossing costs nothing (values shared, not copied).
 * What is not node time (fingerprints, writes, messages) is taken to stay as it is.
 */
import { nodesOf, scheduleLength } from "./schedule.mjs";

/**
 * The rule of runner/pool.ts before tables crossed once a run (2026-12-07, second session): each
 * call paid its tables' whole crossing. The pool now shares a table's encoding and copies among
 * its readers (`crossingMs`), which this projection does not model yet, so "as today" here is
 * that earlier rule.
 */
const CELLS_PER_MS = 20_000;
const CALL_MS = 15;
const WORKERS = [1, 2, 4, 8];

/** Table cells each node's value has in the §10 dataflow (its columns × rows; the rest is scalar). */
function cellsOf(rows) {
  const kept = Math.round((rows * 29) / 30); // processed_data keeps dates after the 1st of 30
  return { raw_data: rows * 4, processed_data: kept * 5, amount_per_country: 4 * 2 };
}

export function projection(source, rows, run) {
  const nodes = nodesOf(source);
  const executed = new Map(run.nodes.filter((n) => n.status === "executed" && n.durationMs !== undefined).map((n) => [n.name, n.durationMs]));
  const cells = cellsOf(rows);
  const argCells = (name) => nodes.find((n) => n.name === name).params.reduce((sum, p) => sum + (cells[p] ?? 0), 0);
  // As the pool decides once it has seen a node's value come back (its cells count too).
  const crossing = (name) => argCells(name) + (cells[name] ?? 0);
  const today = {
    sent: (name) => executed.get(name) >= CALL_MS + crossing(name) / CELLS_PER_MS,
    cross: (name) => ({ out: argCells(name) / CELLS_PER_MS, back: (cells[name] ?? 0) / CELLS_PER_MS }),
  };
  const serial = scheduleLength(nodes, executed, { workers: 1 });
  const overhead = run.ms - serial;
  const row = (k, how) => {
    const length = scheduleLength(nodes, executed, { workers: k, ...how });
    return { workers: k, ms: Math.round(overhead + length), node_time_speedup: Math.round((serial / length) * 100) / 100 };
  };
  return {
    measured_ms: Math.round(run.ms),
    node_ms: Math.round(serial),
    today: WORKERS.map((k) => row(k, today)),
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
