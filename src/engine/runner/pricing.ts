/**
 * Whether a call is worth a worker (SPEC.md §13), and what its crossing costs: the constants are
 * measured (docs/BENCHMARKS.md), the rest is arithmetic over a call's tables and what the pool
 * learned of the node (its last duration, its value's way back).
 */
import type { ColumnTable } from "arquero";
import { isTable } from "../formats";
import type { PooledAnswer } from "./pool";

/** Returned cells below which a value's measured way back is noise, not a rate. */
const RATE_CELLS = 100_000;

/**
 * What each node's value costs to come back from a worker, across runs, by measurement. A value
 * of JS-array columns with strings encodes far slower than `CELLS_PER_MS`: the benchmark's
 * `raw_data` (1M rows, 3 string columns), ~130 ms in the realm, took ~610 ms on a worker with
 * its way back, and sat on every no-cache run's critical path. Its cells per ms, measured once,
 * keep it here after; the cells it holds follow its value wherever it last ran.
 */
export function createReturnCosts() {
  const cells = new Map<string, number>();
  const cellsPerMs = new Map<string, number>();
  const hereMs = new Map<string, number>();
  const thereMs = new Map<string, number>();
  const sentPerMs = new Map<string, number>();
  return {
    returnedCells: (node: string) => cells.get(node),
    returnedMs(node: string): number | undefined {
      const n = cells.get(node);
      return n === undefined ? undefined : n / (cellsPerMs.get(node) ?? CELLS_PER_MS);
    },
    /** Its value and its duration, in the realm. */
    ranHere(node: string, value: unknown, durationMs?: number): void {
      cells.set(node, tableCells([value]));
      if (durationMs !== undefined) hereMs.set(node, durationMs);
    },
    msHere: (node: string) => hereMs.get(node),
    /** What it took on a worker, the last time it ran on one (its own time there, as a worker measures it). */
    msThere: (node: string) => thereMs.get(node),
    /** Table cells a call of the node had encoded to cross, per ms, as measured the last time it had enough. */
    crossingRate: (node: string) => sentPerMs.get(node),
    /** The realm's time to pack `cells` of a call's tables for a worker (those not encoded before): their encoding and one copy. */
    encoded(node: string, cells: number, ms: number): void {
      if (cells >= RATE_CELLS) sentPerMs.set(node, cells / Math.max(0.1, ms));
    },
    /** A worker's answer and the realm's time to unpack it: the way back, measured. */
    cameBack(node: string, answer: PooledAnswer, value: unknown, unpackMs: number): void {
      if (answer.ok !== true) return;
      thereMs.set(node, answer.durationMs);
      const n = tableCells([value]);
      cells.set(node, n);
      if (n >= RATE_CELLS) cellsPerMs.set(node, n / Math.max(0.1, answer.packMs + unpackMs));
    },
  };
}

/** Cells a call of a node never timed may carry to a worker (each crosses as Arrow, both ways). */
export const FREE_CELLS = 200_000;
/** Arrow bytes a cell takes, about, before a table is encoded (a number: 8; a dictionary key: 4). */
export const BYTES_PER_CELL = 6;
/** Bytes copied for a worker per millisecond, about (a typed-array copy, then moved). */
export const BYTES_PER_MS = 2_000_000;
/**
 * What a call costs besides its tables: the messages there and back, its value's fingerprint and
 * packing there, unpacking here, and a worker's JIT that has not seen the code yet. Measured: a
 * chain of 500 scalar nodes sent to two workers took 246 ms against 66 ms in the realm (~0.4 ms
 * a call); `raw_data` at 10k rows, 5 ms in the realm, took 65 ms on a worker's first call. So only
 * a node that took longer than this is sent: parallel pays for nodes of tens of milliseconds.
 * At 15 the 1M-row stats (23–25 ms, each sharing one table's crossing) went or stayed by a
 * millisecond from run to run; on a worker they take 17–18 ms (its Arrow column is a typed array).
 */
export const CALL_MS = 8;
/**
 * Table cells encoded, sent and decoded per millisecond, about, for numbers and for columns read
 * from Arrow: 967k filtered rows × 5 columns encode in ~70 ms in Node (formats/arrowColumns.ts),
 * decode in 1–3. JS strings are slower (`cellsPerMsOf`).
 */
export const CELLS_PER_MS = 50_000;

/** Cells of the tables in a call's arguments, or of a value given back (a table's rows × columns). */
export function tableCells(values: readonly unknown[]): number {
  let cells = 0;
  for (const value of values) if (isTable(value)) cells += value.numRows() * value.numCols();
  return cells;
}

/**
 * Whether a call is worth a worker: its tables cross as Arrow (encoded here, decoded there, its
 * value back the same way), so a node that took less than that crossing last time runs where it
 * is, and so does a node shorter than a call costs. `returnedCells` is what its value held the
 * last time it executed, and `returnedMs` what that costs to come back, measured where it was.
 * Measured at 1M rows, two workers: the twenty 25 ms stats each took `processed_data` across,
 * and the run took 5.4 s instead of 0.86 s; `raw_data` (no arguments, 1M rows back) put ~200 ms
 * on every run's critical path until its returned size counted.
 */
export function worthSending(args: readonly unknown[], expectedMs: number | undefined, returnedCells = 0, crossing: (table: ColumnTable, index: number) => number = (t) => tableCells([t]) / CELLS_PER_MS, returnedMs = returnedCells / CELLS_PER_MS, thereMs?: number): boolean {
  // Never timed (its first run): it may be long, so it goes if what it carries is small.
  if (expectedMs === undefined) return tableCells(args) + returnedCells <= FREE_CELLS;
  let crossed = CALL_MS + returnedMs;
  args.forEach((arg, i) => {
    if (isTable(arg)) crossed += crossing(arg, i);
  });
  // It must save this thread time; and either cost it little for what it saves, or cost the
  // machine no more CPU than running here would (its crossing and its time on a worker).
  if (expectedMs < crossed) return false;
  return expectedMs * SEND_SHARE >= crossed || (thereMs !== undefined && expectedMs >= crossed + thereMs);
}

/**
 * What a table argument costs one call to cross, in ms: its encoding, unless this run made it
 * already (`packedBytes`), and a copy to each worker, both shared by the run's `readers` (the
 * nodes that take it), as each worker is sent it once.
 */
export function crossingMs(table: ColumnTable, readers: number, workers: number, packedBytes?: number, sent = table.columnNames(), measuredRate?: number): number {
  const rows = table.numRows();
  const shared = Math.max(1, readers);
  let encode = 0;
  // The node's own crossings, measured (its encoding and the first worker's copy), or an estimate by column kind.
  const measured = packedBytes === undefined && measuredRate !== undefined;
  if (measured) encode = (rows * sent.length) / measuredRate;
  else if (packedBytes === undefined) for (const name of sent) encode += rows / cellsPerMsOf(table.column(name));
  const copied = Math.min(workers, shared) - (measured ? 1 : 0);
  const copies = copied * ((packedBytes ?? rows * sent.length * BYTES_PER_CELL) / BYTES_PER_MS);
  return (encode + copies) / shared;
}

/**
 * Cells of a column encoded per millisecond, about: JS strings go through a dictionary (a map
 * lookup a cell), at a seventh of the rate of numbers. Measured in the realm at 1M rows: the
 * benchmark's 833k `country` strings with `amount_in_usd` took ~134 ms, the numbers alone ~25.
 * A column read from Arrow (a typed array, a dictionary's keys) only has its rows gathered.
 */
function cellsPerMsOf(column: unknown): number {
  // Arrow-read: a typed array, or a column that groups by its dictionary's keys.
  if (ArrayBuffer.isView(column) || typeof (column as { groups?: unknown }).groups === "function") return CELLS_PER_MS;
  const cells = column as ArrayLike<unknown>;
  for (let i = 0; i < Math.min(cells.length, 16); i++) if (typeof cells[i] === "string") return STRING_CELLS_PER_MS;
  return CELLS_PER_MS;
}

const STRING_CELLS_PER_MS = 7_500;

/** Table cells a fingerprint hashes per millisecond, about: 1M rows × 4 columns in ~110 ms in the realm, 833k × 5 in ~140. */
export const FINGERPRINT_CELLS_PER_MS = 30_000;

/**
 * The part of a node's time here that its crossing may cost the realm. All of it would send a node
 * whose crossing costs about what it saves; on a machine whose cores are all busy that crossing is
 * CPU taken from the other workers. Measured at 1M rows, two workers: `amount_per_country` (~100–160 ms
 * here, its 833k strings ~55–75 ms to encode) went, and took ~105 ms of a worker on top.
 */
export const SEND_SHARE = 0.5;
