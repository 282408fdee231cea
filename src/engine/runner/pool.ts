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
import type { ColumnTable } from "arquero";
import { isTable } from "../formats";
import type { Subject } from "../formats/errors";
import { keepsDictionary } from "../formats/arrowColumns";
import { fromCloneable, isMarker, rememberedEncoding, rememberEncoding, tableToMarker, toCloneable, type TableMarker } from "../formats/native";
import { hashedKinds, type Fingerprint } from "../versioning/fingerprint";
import { isViewMarker, viewOf, type StoredBase, type ViewMarker } from "./views";
import type { ColumnReads } from "./columns";
import { BYTES_PER_CELL, tableCells } from "./pricing";

export interface PooledCall {
  node: string;
  args: unknown[];
  /** The node's duration in the last run that executed it: the longest waiting call starts first. */
  expectedMs?: number;
  signal?: AbortSignal;
  /** Aborted when the call is no longer wanted (early.ts): it then never starts, if it has not yet. */
  dropped?: AbortSignal;
  /** Whether the run versions values (withCache): a worker then takes the value's fingerprint. */
  versioned?: boolean;
  /** The columns the node appears to read (columns.ts): only they cross; undefined sends all. */
  reads?: ColumnReads;
}

export interface PooledResult {
  value: unknown;
  /** Taken of the value as the node returned it, before it crossed: what a one-worker run takes (when the run versions values). */
  fingerprint?: Fingerprint;
  /** The node's own time on its worker (not the wait for a free one, nor the crossing). */
  durationMs?: number;
}

export interface NodePool {
  /** How many nodes may execute at once. */
  readonly size: number;
  /** Runs the node on a free worker; `undefined` when it cannot run there (it then runs here). */
  run(call: PooledCall): Promise<PooledResult | undefined>;
  /**
   * Posts calls waiting for a worker now, however busy the workers are, enough to keep each busy
   * for about `coverMs`: this thread is about to be taken that long (a node run here, a
   * fingerprint), and could not hand them out until it is done. Resolves once they are posted;
   * `undefined` when none was.
   */
  flush?(coverMs: number): Promise<void> | undefined;
  /** The table cells of the value the node gave back the last time it executed (here or on a worker). */
  returnedCells?(node: string): number | undefined;
  /** What its value costs to come back from a worker, in ms, as measured the last time it did (`createReturnCosts`). */
  returnedMs?(node: string): number | undefined;
  /** Told of a value the node gave when it ran here, so that a value that got smaller counts too, and of its duration here. */
  ranHere?(node: string, value: unknown, durationMs?: number): void;
  /** What the node took the last time it ran here, in the realm (`sendable`). */
  msHere?(node: string): number | undefined;
  /** What the node took on a worker the last time it ran on one. */
  msThere?(node: string): number | undefined;
  /**
   * What a table argument costs a call of `node` that reads `reads` of it to cross, in ms
   * (`crossingMs`); `readers` says how many calls share a crossing of the columns sent (all: undefined).
   */
  crossingMs?(table: ColumnTable, readers: (sent: string[] | undefined) => number, reads?: ColumnReads, node?: string): number;
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

/**
 * The value as data, and the buffers to transfer; throws when it is not data. Bytes kept to cross
 * again (`createCrossings`) are not transferred: the next worker and the store need them.
 */
export function packValue(value: unknown): { packed: PackedValue; transfer: ArrayBuffer[] } {
  const memo = new Map<object, unknown>();
  const data = toCloneable(value, SUBJECT, "the value", memo);
  // Bytes kept for another crossing or a store write stay here, wherever the table sits in the value.
  const kept = new Set<object>();
  for (const [original, marker] of memo) {
    if (!isTable(original) || !isMarker(marker)) continue;
    forCrossing(original, marker);
    if (marker.ipc && marker.ipc === rememberedEncoding(original)) kept.add(marker);
  }
  const transfer: ArrayBuffer[] = [];
  collectBuffers(data, transfer, kept);
  const groupby = groupNames(value);
  return { packed: groupby ? { data, groupby } : { data }, transfer };
}

export function unpackValue(packed: PackedValue): unknown {
  const value = fromCloneable(packed.data, SUBJECT, new Map());
  return packed.groupby && isTable(value) ? value.groupby(...packed.groupby) : value;
}

/**
 * Readies a table's marker for a crossing, or throws when the other side would not behave as this
 * table does. `groupby` orders groups by the sender's storage (a filter's rows in place, not its
 * order), or by an unfiltered Arrow-read column's dictionary: the marker says which columns the
 * latter holds for (`groupsKept`). An ordered table arrives as rows in its order, which would
 * group in another order; a grouped and filtered one may have been grouped before its filter.
 * Such a node runs in the realm instead, as on one worker.
 */
function forCrossing(table: ColumnTable, marker: TableMarker): void {
  if (table.isOrdered()) throw new Error("an ordered table does not cross");
  // Grouped by a derived key (`groupby({ k: d => ... })`): the other side has no column to group by.
  const groups = groupNames(table);
  if (groups && !groups.every((name) => table.columnNames().includes(name))) throw new Error("a table grouped by a derived key does not cross");
  if (table.isGrouped() && table.isFiltered()) throw new Error("a grouped, filtered table does not cross");
  marker.arrays = plainArrays(table);
  if (table.isFiltered()) {
    marker.groupsKept = [];
    return;
  }
  const grouping = table.columnNames().filter((name) => typeof (table.column(name) as { groups?: unknown }).groups === "function");
  // A column that groups by a dictionary the encoding does not keep as it is would group otherwise there.
  if (grouping.some((name) => !keepsDictionary(table.column(name)))) throw new Error("a dictionary column that would not keep its dictionary does not cross");
  marker.groupsKept = grouping;
}

/** The columns that are JS arrays of numbers or of strings: they arrive as JS arrays (`TableMarker.arrays`). */
function plainArrays(table: ColumnTable): string[] {
  const data = table.data() as Record<string, unknown>;
  return table.columnNames().filter((name) => {
    const values = data[name];
    if (!Array.isArray(values)) return false;
    const first = values.find((v) => v !== null && v !== undefined);
    return typeof first === "number" || typeof first === "string";
  });
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

/**
 * An argument as it crosses: a value, or (by key) a table the worker was given earlier in the run.
 * `names` and `rows`: every column of a table sent only some of them (columns.ts), in order, and its
 * rows (a table sent none of its columns has none).
 */
export type PackedArg = { value: PackedValue; key?: number; names?: string[]; rows?: number } | { held: number };

/** The columns of `table` a call sends: those it reads and those it is grouped by; undefined when that is all of them. */
export function sentColumns(table: ColumnTable, reads?: ColumnReads): string[] | undefined {
  if (!reads) return undefined;
  const names = table.columnNames();
  const groups = groupNames(table) ?? [];
  const sent = names.filter((name) => reads(name) || groups.includes(name));
  return sent.length === names.length ? undefined : sent;
}

/** Whether a packed value's Arrow bytes are still here (a store write moves them away). */
function intact(packed: PackedValue, base?: StoredBase): boolean {
  if (base) return base.ipc.buffer.byteLength > 0;
  return !isMarker(packed.data) || !packed.data.ipc || packed.data.ipc.buffer.byteLength > 0;
}

/** Stored tables a worker holds across runs (views.ts), by data version, with their bytes; the oldest go first. */
export type HeldBases = Map<string, number>;
/** What a worker holds of stored tables at most: two, and no more bytes than this. */
const BASES_KEPT = 2;
const BASE_BYTES = 512 * 1024 * 1024;

/** A view's marker for one worker: its own columns copied (moved there), the stored table's bytes if it lacks them. */
function viewForWorker(marker: ViewMarker, base: StoredBase, bases: HeldBases, transfer: ArrayBuffer[]): { marker: ViewMarker; holds: boolean } {
  const columns = marker.columns.map((c) => (typeof c === "string" ? c : c.slice()));
  for (const c of columns) if (typeof c !== "string") transfer.push(c.buffer);
  const bits = marker.bits.slice();
  transfer.push(bits.buffer);
  const sent: ViewMarker = { ...marker, columns, bits };
  if (bases.has(base.dataVersion)) return { marker: sent, holds: false };
  const ipc = base.ipc.slice();
  transfer.push(ipc.buffer);
  return { marker: { ...sent, ipc }, holds: true };
}

/** Counts a stored table as held by a worker; returns the versions it should let go of. */
function holdBase(bases: HeldBases, dataVersion: string, bytes: number): string[] {
  bases.set(dataVersion, bytes);
  const forget: string[] = [];
  let total = [...bases.values()].reduce((a, b) => a + b, 0);
  for (const [version, size] of bases) {
    if (version === dataVersion || (bases.size <= BASES_KEPT && total <= BASE_BYTES)) continue;
    bases.delete(version);
    total -= size;
    forget.push(version);
  }
  return forget;
}

/**
 * The realm's side of one run's crossings. A table argument is encoded once a run, and its bytes
 * are kept for the next call that takes it and for its store write (formats/native.ts); each
 * worker is sent it once and keeps it for the run. Twenty stats over one 1M-row table cost one
 * encoding and a copy a worker, not twenty of each.
 */
export function createCrossings() {
  let nextKey = 1;
  type Packed = { key: number; packed: PackedValue; bytes: number; base?: StoredBase; names?: string[]; rows?: number };
  // By table, then by the columns sent ("" for all of them).
  const tables = new WeakMap<ColumnTable, Map<string, Packed>>();
  const knownPacking = (table: ColumnTable, columns?: string[]): Packed | undefined => {
    const known = tables.get(table)?.get(columns ? columns.join("\0") : "");
    return known && intact(known.packed, known.base) ? known : undefined;
  };
  const remember = (table: ColumnTable, columns: string[] | undefined, made: Packed): Packed => {
    let byColumns = tables.get(table);
    if (!byColumns) tables.set(table, (byColumns = new Map()));
    byColumns.set(columns ? columns.join("\0") : "", made);
    return made;
  };
  // Whether each table is a view of a stored table (views.ts), asked once a run: a view is
  // rebuilt to tell, its own columns gathered (~10 ms at 1M rows), and twenty calls take one.
  const views = new WeakMap<ColumnTable, ReturnType<typeof viewOf> | null>();
  const viewFor = (table: ColumnTable) => {
    const seen = views.get(table);
    if (seen === null || (seen && seen.base.ipc.buffer.byteLength > 0)) return seen ?? undefined;
    const view = viewOf(table);
    views.set(table, view ?? null);
    return view;
  };
  /**
   * A table, or some of its columns, encoded as Arrow for this run's calls. The whole table's
   * bytes are kept for its store write too (`rememberEncoding`); some of its columns serve no write.
   */
  const encoded = (table: ColumnTable, key: number, columns?: string[]): Packed => {
    const part = columns ? table.select(columns) : table;
    const before = columns ? undefined : rememberedEncoding(table);
    // The column kinds the fingerprint found: a scan of every cell otherwise (~400 ms at 1M rows).
    const kinds = hashedKinds(table);
    const marker = tableToMarker(part, SUBJECT, kinds && columns ? Object.fromEntries(columns.map((name) => [name, kinds[name]])) : kinds);
    forCrossing(part, marker);
    const ipc = marker.ipc;
    if (!columns && ipc && ipc !== before) rememberEncoding(table, ipc);
    const groupby = groupNames(table);
    const bytes = ipc?.byteLength ?? tableCells([part]) * BYTES_PER_CELL;
    return { key, packed: groupby ? { data: marker, groupby } : { data: marker }, bytes, ...(columns && { names: table.columnNames(), rows: table.numRows() }) };
  };
  const packedTable = (table: ColumnTable, reads?: ColumnReads): Packed => {
    // A view of a stored table crosses as its filter, whatever the call reads: its table stays on the workers across runs.
    const view = viewFor(table);
    const columns = view ? undefined : sentColumns(table, reads);
    const known = knownPacking(table, columns);
    if (known) return known;
    // Made again (its bytes went to the store): the same key, which workers that hold it hold.
    const key = tables.get(table)?.get(columns ? columns.join("\0") : "")?.key ?? nextKey++;
    if (!view) return remember(table, columns, encoded(table, key, columns));
    const own = view.marker.columns.reduce((n, c) => n + (typeof c === "string" ? 0 : c.byteLength), view.marker.bits.byteLength);
    return remember(table, undefined, { key, packed: { data: view.marker }, bytes: own, base: view.base });
  };
  return {
    /** The bytes a table argument crosses as to a call that reads `reads` of it, once encoded in this run; undefined before. */
    packedBytes(table: unknown, reads?: ColumnReads): number | undefined {
      if (!isTable(table) || !tables.has(table)) return undefined;
      return knownPacking(table, viewFor(table) ? undefined : sentColumns(table, reads))?.bytes;
    },
    /**
     * A call's arguments for a worker that holds `holds` this run and `bases` across runs (which
     * then hold these too); undefined when one is not data.
     */
    pack(args: readonly unknown[], holds: Set<number>, bases: HeldBases = new Map(), reads?: ColumnReads): { packed: PackedArg[]; transfer: ArrayBuffer[] } | undefined {
      try {
        const packed: PackedArg[] = [];
        const transfer: ArrayBuffer[] = [];
        // Told to `holds` only once every argument packed: a call never sent leaves nothing held.
        const sending = new Set<number>();
        const sendingBases: { marker: ViewMarker; base: StoredBase }[] = [];
        for (const arg of args) {
          if (!isTable(arg)) {
            const one = packValue(arg);
            packed.push({ value: one.packed });
            transfer.push(...one.transfer);
            continue;
          }
          const { key, packed: value, base, names, rows } = packedTable(arg, reads);
          if (holds.has(key) || sending.has(key)) {
            packed.push({ held: key });
            continue;
          }
          if (base && isViewMarker(value.data)) {
            const sent = viewForWorker(value.data, base, bases, transfer);
            if (sent.holds) sendingBases.push({ marker: sent.marker, base });
            packed.push({ value: { data: sent.marker }, key });
            sending.add(key);
            continue;
          }
          // A copy of the kept bytes, moved: Chromium's structured clone of 35 MB took ~130 ms
          // of the realm's thread, a typed-array copy a few.
          const marker = isMarker(value.data) ? value.data : undefined;
          const copy = marker?.ipc?.slice();
          packed.push({ value: marker && copy ? { ...value, data: { ...marker, ipc: copy } } : value, key, ...(names && { names, rows }) });
          if (copy) transfer.push(copy.buffer);
          sending.add(key);
        }
        for (const key of sending) holds.add(key);
        for (const { marker, base } of sendingBases) {
          const forget = holdBase(bases, base.dataVersion, base.ipc.byteLength);
          if (forget.length > 0) marker.forget = forget;
        }
        return { packed, transfer };
      } catch {
        return undefined;
      }
    },
  };
}

/** A worker's answer for one call. */
export type PooledAnswer =
  /** `packMs`: the worker's time to pack the node's value (not its fingerprint, which the realm would take as well). */
  | { ok: true; packed: PackedValue; fingerprint?: Fingerprint; transfer: ArrayBuffer[]; durationMs: number; packMs: number }
  | { ok: false; thrown: unknown }
  /** `columns`: the node read a column it was not sent (columns.ts); it goes again with all of them. */
  | { ok: "unsupported"; columns?: true };

/** A worker's answer as the runner takes it: a result, `undefined` (run it in the realm), or a throw. */
export function resultOf(answer: PooledAnswer): PooledResult | undefined {
  if (answer.ok === "unsupported") return undefined;
  if (answer.ok === false) throw answer.thrown;
  return { value: unpackValue(answer.packed), ...(answer.fingerprint && { fingerprint: answer.fingerprint }), durationMs: answer.durationMs };
}
