/**
 * Filtered views of stored tables, crossing to pool workers as a filter, not as rows.
 *
 * The benchmark's `processed_data` is `raw_data` filtered, with one column derived: four of its
 * five columns are `raw_data`'s own, which the run read from the store as Arrow bytes. Encoding
 * the view for the workers took ~230 ms of the realm's thread in Chromium at 1M rows (its
 * fingerprint ~100 more), on the critical path of every run that re-executed it. Here it crosses
 * as what it is: the stored table it filters (its bytes, sent once to each worker and kept there
 * by data version, across runs), the filter's bits, and the values of its own number columns at
 * its rows. The worker builds the same view over the same Arrow columns, so it filters, groups
 * and orders exactly as the realm's does.
 *
 * Anything else (an ordered or grouped view, a column of another table, an own column that is
 * not numbers, parameters that are not plain values) crosses as Arrow, as before (pool.ts).
 */
import { BitSet, ColumnTable } from "arquero";
import { bytesReadFrom } from "../formats/native";
import { ipcToTable } from "../formats/arrow";
import type { Subject } from "../formats/errors";

export const VIEW_MARKER = "@sluice/view";

export interface ViewMarker {
  [VIEW_MARKER]: 1;
  /** The data version of the stored table the view filters. */
  base: string;
  /** The stored table's Arrow bytes, when the worker does not hold it yet. */
  ipc?: Uint8Array;
  /** Stored tables the worker may let go of (the realm no longer counts on them). */
  forget?: string[];
  /** The filter: arquero's BitSet words over the stored table's rows. */
  bits: Uint32Array;
  names: string[];
  /** Per column: the stored table's column of that name, or the view's own values at its rows. */
  columns: (string | Float64Array)[];
  params?: Record<string, unknown>;
}

export interface StoredBase {
  table: ColumnTable;
  dataVersion: string;
  ipc: Uint8Array;
}

const SUBJECT: Subject = { label: "a stored table a worker holds" };
const baseOfColumn = new WeakMap<object, { base: StoredBase; name: string }>();

export function isViewMarker(value: unknown): value is ViewMarker {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[VIEW_MARKER] === 1;
}

/** Notes a table the run read from the store, so that views of it cross as filters over it. */
export function noteStoredTable(value: unknown, dataVersion: string): void {
  if (!(value instanceof ColumnTable) || value.isFiltered() || value.isOrdered() || value.isGrouped()) return;
  const ipc = bytesReadFrom(value);
  if (!ipc) return;
  const base: StoredBase = { table: value, dataVersion, ipc };
  for (const name of value.columnNames()) {
    const column = value.column(name) as unknown;
    if (typeof column === "object" && column !== null) baseOfColumn.set(column, { base, name });
  }
}

const plainParams = (params: Record<string, unknown> | undefined) => !params || Object.values(params).every((p) => p === null || typeof p !== "object");

/** The table as a view of a stored table, or undefined when it is not one (see above). */
export function viewOf(table: ColumnTable): { marker: ViewMarker; base: StoredBase } | undefined {
  if (!table.isFiltered() || table.isOrdered() || table.isGrouped()) return undefined;
  const names = table.columnNames();
  const found = names.map((name) => baseOfColumn.get(table.column(name) as unknown as object));
  const base = found.find((f) => f !== undefined)?.base;
  if (!base || base.ipc.buffer.byteLength === 0 || table.totalRows() !== base.table.numRows()) return undefined;
  const params = table.params() as Record<string, unknown> | undefined;
  if (!plainParams(params)) return undefined;
  const rows = table.indices();
  const columns: (string | Float64Array)[] = [];
  for (let i = 0; i < names.length; i++) {
    const from = found[i];
    if (from && from.base !== base) return undefined;
    const own = from ? from.name : numbersAt(table.column(names[i]), rows, base.table.numRows());
    if (own === undefined) return undefined;
    columns.push(own);
  }
  const marker: ViewMarker = { [VIEW_MARKER]: 1, base: base.dataVersion, bits: table.mask()!._bits.slice(), names, columns };
  if (params && Object.keys(params).length > 0) marker.params = params;
  return { marker, base };
}

/** A plain array's cells at `rows` when every one is a number (as a derive over the view makes it). */
function numbersAt(column: unknown, rows: ArrayLike<number>, total: number): Float64Array | undefined {
  if (!Array.isArray(column) || column.length !== total) return undefined;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v: unknown = column[rows[i]];
    if (typeof v !== "number") return undefined;
    out[i] = v;
  }
  return out;
}

/** A worker's side: the view rebuilt over the stored table it holds (or is sent now, and then holds). */
export function viewToTable(marker: ViewMarker, bases: Map<string, ColumnTable>): ColumnTable {
  for (const version of marker.forget ?? []) bases.delete(version);
  let base = bases.get(marker.base);
  if (!base) {
    if (!marker.ipc) throw new Error(`a stored table this worker was to hold (${marker.base}) is not here`);
    base = ipcToTable(marker.ipc, SUBJECT);
    bases.set(marker.base, base);
  }
  const total = base.numRows();
  const bits = new BitSet(total);
  bits._bits = marker.bits as Uint32Array<ArrayBuffer>;
  const data: Record<string, unknown> = {};
  marker.names.forEach((name, i) => {
    const column = marker.columns[i];
    data[name] = typeof column === "string" ? base.column(column) : scatter(column, bits, total);
  });
  return new ColumnTable(data as never, marker.names, bits, undefined, undefined, marker.params);
}

/**
 * Own values back at their rows, NaN at the others (which no verb reads), in a typed array: the
 * realm's column is a plain array with holes there, but a worker's columns are Arrow's typed
 * arrays anyway, and a stat over one took ~3 ms against ~25 over the plain array (1M rows).
 */
function scatter(values: Float64Array, bits: BitSet, total: number): Float64Array {
  const column = new Float64Array(total).fill(NaN);
  let i = 0;
  bits.scan((row: number) => {
    column[row] = values[i++];
  });
  return column;
}
