import { table as makeTable, type ColumnTable } from "arquero";
import { bool, dictionary, utf8, type DataType } from "@uwdata/flechette";
import { exactIpcStream, ipcToTable, tableToIpcStream } from "./arrow";
import { cannotHold, type Subject } from "./errors";
import { columnValues, isTable, type ColumnKind, type ColumnSchema } from "./table";

/**
 * The default format. IndexedDB stores structured-clone data, which already keeps Date, Map,
 * Set, typed arrays, bigint, undefined and cycles; only Arquero tables (class instances with
 * methods) need help, so each one is replaced by a tagged marker holding its Arrow IPC bytes.
 */
export const TABLE_MARKER = "@sluice/table";

export interface TableMarker {
  [TABLE_MARKER]: 1;
  /** Arrow IPC stream bytes; absent when Arrow would not give the table back exactly. */
  ipc?: Uint8Array;
  /** The fallback: column names and their values, themselves structured-clone data. */
  names?: string[];
  columns?: unknown[][];
  /**
   * Only on a crossing to or from a pool worker (runner/pool.ts), never stored: the string columns
   * the sender's table groups by through their Arrow dictionary (arquero does for an unfiltered
   * Arrow-read column). Any other dictionary column is read without its groups, so that `groupby`
   * scans rows as it does on the sender's side, and groups come in the same order, null included.
   */
  groupsKept?: string[];
  /**
   * Only on a crossing, as `groupsKept`: the number and string columns that were JS arrays on the
   * sender's side. They arrive as JS arrays again (a copy of the Arrow column's values), so node
   * code that reads a column itself gets what it gets on one worker: `column.map(x => x * 10)` on
   * a typed array would wrap an integer column, and a dictionary column has no `map` at all.
   */
  arrays?: string[];
}

/**
 * Column kinds that Arrow gives back unchanged. Nested cells come back as structs and typed
 * lists, and Uint8Array cells as Int8Array lists (flechette infers List<Int8>).
 */
export const ARROW_EXACT: ReadonlySet<ColumnKind> = new Set<ColumnKind>(["null", "number", "string", "boolean", "date", "bigint"]);

/**
 * A table as a marker: Arrow IPC when Arrow holds it exactly, otherwise (nested objects,
 * mixed types) its columns as structured-clone data, which keeps every cell as it was.
 * `kinds`, when the fingerprint already found them (versioning/tableHash.ts), saves a scan of every cell.
 */
export function tableToMarker(table: ColumnTable, subject: Subject, kinds?: ColumnSchema): TableMarker {
  const known = rememberedEncoding(table);
  if (known) return { [TABLE_MARKER]: 1, ipc: known };
  const exact = (kind: ColumnKind) => ARROW_EXACT.has(kind);
  try {
    // Kinds not yet known (no fingerprint took them): the encoding checks cells' types as it goes.
    const ipc =
      !kinds ? exactIpcStream(table, subject, exact, knownType)
      : Object.values(kinds).every(exact) ? tableToIpcStream(table, subject, "native", knownTypes(kinds))
      : undefined;
    if (ipc) return { [TABLE_MARKER]: 1, ipc };
  } catch {
    // Cells of an exact kind that Arrow still refuses (an Invalid Date): keep them as data.
  }
  const names = table.columnNames();
  const columns = names.map((n) => toCloneable(columnValues(table, n), subject, `column \`${n}\``, new Map()) as unknown[]);
  return { [TABLE_MARKER]: 1, names, columns };
}

/**
 * Arrow bytes made of a table to cross to a pool worker (runner/pool.ts), by table: the run's
 * next crossing of it and its store write use them instead of encoding it again. The write takes
 * them away (they move to the store's realm), which frees them; only intact bytes are given.
 * Weak, so a table's bytes go with it. Bytes a table was read from are never remembered: the table
 * is a view on them, and a write that took them would take its columns too.
 */
const encodings = new WeakMap<ColumnTable, Uint8Array>();

export function rememberEncoding(table: ColumnTable, ipc: Uint8Array): void {
  encodings.set(table, ipc);
}

export function rememberedEncoding(table: ColumnTable): Uint8Array | undefined {
  const ipc = encodings.get(table);
  return ipc && ipc.buffer.byteLength > 0 ? ipc : undefined;
}

/**
 * The Arrow types flechette would infer for string and boolean columns, given so that it skips
 * its inference pass over every cell; the bytes are the same. (Number columns are left to it: it
 * picks the narrowest integer type that holds them, which only a scan can tell.)
 */
function knownTypes(kinds: ColumnSchema): Record<string, DataType> {
  const types: Record<string, DataType> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const type = knownType(kind);
    if (type) types[name] = type;
  }
  return types;
}

function knownType(kind: ColumnKind): DataType | undefined {
  return kind === "string" ? dictionary(utf8()) : kind === "boolean" ? bool() : undefined;
}

/** The Arrow bytes a stored table was read from, by table: its columns are views on them (runner/views.ts). */
const readFrom = new WeakMap<ColumnTable, Uint8Array>();

export function bytesReadFrom(table: ColumnTable): Uint8Array | undefined {
  return readFrom.get(table);
}

/** A stored table read from its Arrow bytes, which it is then known by (`bytesReadFrom`). */
export function storedTable(ipc: Uint8Array, subject: Subject): ColumnTable {
  const table = ipcToTable(ipc, subject);
  readFrom.set(table, ipc);
  return table;
}

export function markerToTable(marker: TableMarker, subject: Subject): ColumnTable {
  if (marker.ipc && marker.groupsKept) return asSent(ipcToTable(marker.ipc, subject), marker.groupsKept, marker.arrays ?? []);
  if (marker.ipc) return storedTable(marker.ipc, subject);
  const names = marker.names ?? [];
  return makeTable(Object.fromEntries(names.map((n, i) => [n, marker.columns?.[i] ?? []])), names);
}

/**
 * A crossed table as its sender had it, as far as node code can tell: its dictionary columns'
 * groups dropped, but for `kept` (see `groupsKept`), and the columns in `arrays` as JS arrays.
 */
function asSent(table: ColumnTable, kept: readonly string[], arrays: readonly string[]): ColumnTable {
  const names = table.columnNames();
  const columns: Record<string, unknown> = {};
  let changed = false;
  for (const name of names) {
    const column = table.column(name) as unknown;
    if (arrays.includes(name)) {
      const values = (column as { toArray(): ArrayLike<unknown> }).toArray();
      columns[name] = Array.isArray(values) ? values : plainArray(values);
      changed = true;
    } else if (kept.includes(name) || typeof column !== "object" || column === null || !("groups" in column)) columns[name] = column;
    else {
      const { groups: _dropped, ...rest } = column as Record<string, unknown>;
      columns[name] = rest;
      changed = true;
    }
  }
  return changed ? makeTable(columns, names) : table;
}

/**
 * A typed array's values as a JS array, without holes. Appended one by one from a first element:
 * `Array.from` took 34–45 ms for 833k doubles against 16 (Node 20, medians of 15), the larger
 * part of a pool worker's first call of a run. (`new Array(n)` filled in place is faster still,
 * but holey, and every read of it then checks for a hole.)
 */
function plainArray(values: ArrayLike<unknown>): unknown[] {
  const n = values.length;
  if (n === 0) return [];
  const out = [values[0]];
  for (let i = 1; i < n; i++) out[i] = values[i];
  return out;
}

export function isMarker(value: unknown): value is TableMarker {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[TABLE_MARKER] === 1;
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of `value` that structured clone stores faithfully, tables replaced by markers.
 * Throws BAD_OPTION for what clone would refuse (functions, symbols) or silently change
 * (promises, class instances lose their prototype). `memo` keeps shared references and cycles.
 */
export function toCloneable(value: unknown, subject: Subject, path: string, memo: Map<object, unknown>): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    throw cannotHold(subject, "native", `${path} is a ${typeof value}, which cannot be stored`);
  }
  if (typeof value !== "object" || value === null) return value;
  if (memo.has(value)) return memo.get(value);
  if (isTable(value)) {
    const marker = tableToMarker(value, subject);
    memo.set(value, marker);
    return marker;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return value;
  }
  const recurse = (v: unknown, p: string) => toCloneable(v, subject, p, memo);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    value.forEach((v, i) => (out[i] = recurse(v, `${path}[${i}]`)));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(recurse(k, `${path} key`), recurse(v, `${path}.get(${String(k)})`));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    memo.set(value, out);
    for (const v of value) out.add(recurse(v, `${path} member`));
    return out;
  }
  if (!isPlain(value)) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw cannotHold(subject, "native", `${path} is a ${name} instance; only data (objects, arrays, Maps, Sets, Dates, typed arrays, tables) can be stored`);
  }
  if (TABLE_MARKER in value) throw cannotHold(subject, "native", `${path} uses the reserved key "${TABLE_MARKER}"`);
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = recurse(v, `${path}.${k}`);
  return out;
}

/** The inverse walk: markers back to tables; a fresh structure, so the stored data is untouched. */
export function fromCloneable(data: unknown, subject: Subject, memo: Map<object, unknown>): unknown {
  if (typeof data !== "object" || data === null) return data;
  if (memo.has(data)) return memo.get(data);
  if (isMarker(data)) {
    const table = markerToTable(data, subject);
    memo.set(data, table);
    return table;
  }
  if (data instanceof Date || data instanceof RegExp || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data;
  const recurse = (v: unknown) => fromCloneable(v, subject, memo);
  if (Array.isArray(data)) {
    const out: unknown[] = [];
    memo.set(data, out);
    data.forEach((v, i) => (out[i] = recurse(v)));
    return out;
  }
  if (data instanceof Map) {
    const out = new Map();
    memo.set(data, out);
    for (const [k, v] of data) out.set(recurse(k), recurse(v));
    return out;
  }
  if (data instanceof Set) {
    const out = new Set();
    memo.set(data, out);
    for (const v of data) out.add(recurse(v));
    return out;
  }
  const out: Record<string, unknown> = {};
  memo.set(data, out);
  for (const [k, v] of Object.entries(data)) out[k] = recurse(v);
  return out;
}
