/**
 * Parallel runs (SPEC.md §13): node code may execute on a pool of workers, each holding the same
 * modules. The runner only asks a pool to run a node and gets back its value and fingerprint; where
 * the workers live (the compute realm's, or a test's in-process stand-in) is the pool's business.
 *
 * Values cross as the native format already keeps them: tables as Arrow IPC bytes where Arrow
 * holds them exactly (read on the other side without copying rows), everything else as
 * structured-clone data. A value that is not data (a class instance, a function) cannot cross:
 * the pool then answers `undefined` and the node runs in the realm, as in a one-worker run.
 */
import { isTable } from "../formats";
import type { Subject } from "../formats/errors";
import { fromCloneable, isMarker, toCloneable } from "../formats/native";
import { fingerprint, type Fingerprint } from "../versioning/fingerprint";

export interface PooledCall {
  node: string;
  args: unknown[];
  /** The node's duration in the last run that executed it: the longest waiting call starts first. */
  expectedMs?: number;
  signal?: AbortSignal;
}

export interface PooledResult {
  value: unknown;
  /** Taken of the value as the node returned it, before it crossed: what a one-worker run takes. */
  fingerprint: Fingerprint;
  /** The node's own time on its worker (not the wait for a free one, nor the crossing). */
  durationMs?: number;
}

export interface NodePool {
  /** How many nodes may execute at once. */
  readonly size: number;
  /** Runs the node on a free worker; `undefined` when it cannot run there (it then runs here). */
  run(call: PooledCall): Promise<PooledResult | undefined>;
  /** The table cells of the value the node gave back the last time it executed (here or on a worker). */
  returnedCells?(node: string): number | undefined;
  /** Told of a value the node gave when it ran here, so that a value that got smaller counts too. */
  ranHere?(node: string, value: unknown): void;
}

/** A value as it crosses: data with Arrow bytes for tables, and the grouping a table keeps. */
export interface PackedValue {
  data: unknown;
  groupby?: string[];
}

const SUBJECT: Subject = { label: "a value crossing to a worker" };

/** Whether a table's grouping survives the crossing (plain names; a derived key would not). */
function groupNames(value: unknown): string[] | undefined {
  if (!isTable(value) || !value.isGrouped()) return undefined;
  return value.groups()?.names;
}

/** The value as data, and the buffers to transfer; throws when it is not data. */
export function packValue(value: unknown): { packed: PackedValue; transfer: ArrayBuffer[] } {
  const data = toCloneable(value, SUBJECT, "the value", new Map());
  const transfer: ArrayBuffer[] = [];
  collectBuffers(data, transfer, new Set());
  const groupby = groupNames(value);
  return { packed: groupby ? { data, groupby } : { data }, transfer };
}

export function unpackValue(packed: PackedValue): unknown {
  const value = fromCloneable(packed.data, SUBJECT, new Map());
  return packed.groupby && isTable(value) ? value.groupby(...packed.groupby) : value;
}

/** Arrow bytes made for this crossing own their buffer: it moves instead of being copied. */
function collectBuffers(data: unknown, out: ArrayBuffer[], seen: Set<object>): void {
  if (typeof data !== "object" || data === null || seen.has(data)) return;
  seen.add(data);
  if (isMarker(data)) {
    const ipc = data.ipc;
    if (ipc && ipc.buffer instanceof ArrayBuffer && ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength && !out.includes(ipc.buffer)) out.push(ipc.buffer);
    return;
  }
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer || data instanceof Date) return;
  const values = data instanceof Map ? [...data.keys(), ...data.values()] : data instanceof Set ? [...data] : Object.values(data);
  for (const v of values) collectBuffers(v, out, seen);
}

/** Thrown by a pool worker's `sluice` runtime for what only the realm has (files, the network). */
export class NeedsRealm extends Error {
  constructor(what: string) {
    super(`${what} is only available in the realm`);
    this.name = "NeedsRealm";
  }
}

/** A worker's answer for one call. */
export type PooledAnswer =
  | { ok: true; packed: PackedValue; fingerprint: Fingerprint; transfer: ArrayBuffer[]; durationMs: number }
  | { ok: false; thrown: unknown }
  | { ok: "unsupported" };

/**
 * What a pool worker does for one call: the node's function on unpacked arguments, its value's
 * fingerprint, and the value packed to go back. Shared by the realm's workers and the tests' pool.
 */
export async function executePooled(fn: (...args: unknown[]) => unknown, packedArgs: PackedValue[], settle: () => Promise<void>): Promise<PooledAnswer> {
  const args = packedArgs.map(unpackValue);
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
  const durationMs = performance.now() - started;
  let packed: ReturnType<typeof packValue>;
  try {
    packed = packValue(value);
  } catch {
    return { ok: "unsupported" };
  }
  return { ok: true, packed: packed.packed, fingerprint: await fingerprint(value), transfer: packed.transfer, durationMs };
}

/** A worker's answer as the runner takes it: a result, `undefined` (run it in the realm), or a throw. */
export function resultOf(answer: PooledAnswer): PooledResult | undefined {
  if (answer.ok === "unsupported") return undefined;
  if (answer.ok === false) throw answer.thrown;
  return { value: unpackValue(answer.packed), fingerprint: answer.fingerprint, durationMs: answer.durationMs };
}

/** Cells a call of a node never timed may carry to a worker (each crosses as Arrow, both ways). */
export const FREE_CELLS = 200_000;
/**
 * What a call costs besides its tables: the messages there and back, its value's fingerprint and
 * packing there, unpacking here, and a worker's JIT that has not seen the code yet. Measured: a
 * chain of 500 scalar nodes sent to two workers took 246 ms against 66 ms in the realm (~0.4 ms
 * a call); `raw_data` at 10k rows, 5 ms in the realm, took 65 ms on a worker's first call. So only
 * a node that took longer than this is sent: parallel pays for nodes of tens of milliseconds.
 */
export const CALL_MS = 15;
/** Table cells encoded, sent and decoded per millisecond, about (1M rows × 5 columns: ~250 ms). */
export const CELLS_PER_MS = 20_000;

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
 * last time it executed.
 * Measured at 1M rows, two workers: the twenty 25 ms stats each took `processed_data` across,
 * and the run took 5.4 s instead of 0.86 s; `raw_data` (no arguments, 1M rows back) put ~200 ms
 * on every run's critical path until its returned size counted.
 */
export function worthSending(args: readonly unknown[], expectedMs: number | undefined, returnedCells = 0): boolean {
  const cells = tableCells(args) + returnedCells;
  // Never timed (its first run): it may be long, so it goes if what it carries is small.
  if (expectedMs === undefined) return cells <= FREE_CELLS;
  return expectedMs >= CALL_MS + cells / CELLS_PER_MS;
}

/** Packs a call's arguments; `undefined` when one is not data (the node then runs in the realm). */
export function packArgs(args: unknown[]): { packed: PackedValue[]; transfer: ArrayBuffer[] } | undefined {
  try {
    const packed: PackedValue[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const arg of args) {
      const one = packValue(arg);
      packed.push(one.packed);
      transfer.push(...one.transfer);
    }
    return { packed, transfer };
  } catch {
    return undefined;
  }
}

/**
 * Calls waiting for a free worker, longest expected first (a node never timed goes first: it may
 * be long). `take` hands out the next call's start.
 */
export function createPoolQueue(size: number) {
  const waiting: { expectedMs: number; start: () => void }[] = [];
  let busy = 0;
  const next = () => {
    while (busy < size && waiting.length > 0) {
      waiting.sort((a, b) => b.expectedMs - a.expectedMs);
      busy++;
      waiting.shift()!.start();
    }
  };
  return {
    /** Resolves when a worker is free for this call; call the returned function when it is done. */
    acquire(expectedMs = Number.POSITIVE_INFINITY): Promise<() => void> {
      return new Promise((resolve) => {
        waiting.push({
          expectedMs,
          start: () =>
            resolve(() => {
              busy--;
              next();
            }),
        });
        // Deferred a microtask, so calls made together are ordered together.
        queueMicrotask(next);
      });
    },
  };
}
