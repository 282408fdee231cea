/**
 * One pool worker's side of a parallel run (pool.ts): the run's modules evaluated afresh, as every
 * run evaluates them, and node calls answered (their arguments unpacked, the node's value packed
 * back: `unpackArgs`, `executePooled`). What only the realm has (the file area, the
 * network) is refused: a node that reaches for it, even one that catches the refusal, is answered
 * `unsupported` and runs in the realm instead, so its value is the one a one-worker run computes.
 */
import { table as columnTable, type ColumnTable } from "arquero";
import { analysisOf } from "../driver";
import type { FileArea } from "../files";
import { isTable } from "../formats";
import { fingerprint } from "../versioning/fingerprint";
import { missingColumn } from "./columns";
import { createProgram } from "./program";
import { packValue, unpackValue, type PackedArg, type PooledAnswer } from "./pool";
import { isViewMarker, viewToTable } from "./views";

/** `bases`: the stored tables this worker holds across runs (views.ts), kept by whoever keeps the worker. */
export async function createPoolProgram(sources: string[], bases: Map<string, ColumnTable> = new Map()) {
  let reached = false;
  const refuse = (what: string): never => {
    reached = true;
    throw new NeedsRealm(what);
  };
  const files = new Proxy({} as FileArea, { get: () => () => refuse("The file area") });
  const program = createProgram(await analysisOf(sources), () => files, () => refuse("The network"));
  // The run's tables this worker was sent, kept for its next calls that take them.
  const held = new Map<number, unknown>();
  // Whether the call read a column it was not sent (columns.ts), even if it caught the refusal.
  let missed = false;
  const touched = () => void (missed = true);
  return {
    async call(node: string, args: PackedArg[], versioned = true): Promise<PooledAnswer> {
      reached = false;
      missed = false;
      const answer = await executePooled(program.fn(node) as (...args: unknown[]) => unknown, unpackArgs(args, held, bases, touched), () => program.sluice.settle(), versioned);
      if (missed) return { ok: "unsupported", columns: true };
      return reached ? { ok: "unsupported" } : answer;
    },
  };
}

/**
 * A worker's side: arguments unpacked, the tables it is sent kept in `held` for the run's next
 * calls, and the stored tables views are sent over kept in `bases` across runs. A table sent only
 * some of its columns gets stand-ins for the rest, which call `touched` if anything reads them.
 */
export function unpackArgs(args: readonly PackedArg[], held: Map<number, unknown>, bases: Map<string, ColumnTable> = new Map(), touched: () => void = () => undefined): unknown[] {
  return args.map((arg) => {
    if ("held" in arg) {
      if (!held.has(arg.held)) throw new Error(`a table this worker was to hold (${arg.held}) is not here`);
      return held.get(arg.held);
    }
    let value = isViewMarker(arg.value.data) ? viewToTable(arg.value.data, bases) : unpackValue(arg.value);
    if (arg.names && isTable(value)) value = withMissingColumns(value, arg.names, arg.rows ?? value.numRows(), touched);
    if (arg.key !== undefined) held.set(arg.key, value);
    return value;
  });
}

/** A table with every column of `names`, in order: its own, and stand-ins for those it was not sent. */
function withMissingColumns(table: ColumnTable, names: string[], rows: number, touched: () => void): ColumnTable {
  const own = new Set(table.columnNames());
  const columns = Object.fromEntries(names.map((name) => [name, own.has(name) ? table.column(name) : missingColumn(name, rows, touched)]));
  const whole = columnTable(columns, names);
  return table.isGrouped() ? whole.groupby(...table.groups()!.names) : whole;
}

/** Thrown by a pool worker's `sluice` runtime for what only the realm has (files, the network). */
export class NeedsRealm extends Error {
  constructor(what: string) {
    super(`${what} is only available in the realm`);
    this.name = "NeedsRealm";
  }
}

/**
 * What a pool worker does for one call: the node's function on its arguments, its value's
 * fingerprint, and the value packed to go back. Shared by the realm's workers and the tests' pool.
 */
export async function executePooled(fn: (...args: unknown[]) => unknown, args: unknown[], settle: () => Promise<void>, versioned = true): Promise<PooledAnswer> {
  let value: unknown;
  // The node's own time, as a one-worker run takes it: not the crossing, nor the fingerprint,
  // which would make a short node that returns a big table look worth sending again (execute.ts).
  const started = performance.now();
  try {
    value = await fn(...args);
    await settle();
  } catch (thrown) {
    if (thrown instanceof NeedsRealm) return { ok: "unsupported" };
    return { ok: false, thrown };
  }
  const ended = performance.now();
  let packed: ReturnType<typeof packValue>;
  try {
    packed = packValue(value);
  } catch {
    return { ok: "unsupported" };
  }
  // Without withCache() the realm takes no fingerprint, so neither does a worker: at 1M rows
  // `raw_data`'s took ~100 ms there, for nothing.
  // The way back is the packing alone: the fingerprint is taken wherever the node runs.
  const packMs = performance.now() - ended;
  const fp = versioned ? await fingerprint(value) : undefined;
  return { ok: true, packed: packed.packed, ...(fp && { fingerprint: fp }), transfer: packed.transfer, durationMs: ended - started, packMs };
}
