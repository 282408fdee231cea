/**
 * A table's columns as plain arrays, read the cheapest way there is: a computed table's arrays
 * as they are, an Arrow-backed column through `toArray()` (zero-copy for numbers), and only the
 * visible rows when the table is filtered or ordered. Arquero's own `table.array()` calls
 * `column.at(row)` a million times; a chart reads whole columns and must not.
 */
import type { ColumnTable } from "arquero";
import { kindOfColumn } from "../engine/formats/table";

/** A column as read: its values, and what they hold ("date" columns may come as milliseconds). */
export interface Read {
  values: ArrayLike<unknown>;
  kind: string;
  numbers?: ArrayLike<number>;
}

type Readable = ArrayLike<unknown> & { toArray?: () => ArrayLike<unknown>; data?: unknown[] };
/** A flechette batch of dates (2.6): it wraps a `source` batch of millisecond numbers. */
type DateBatch = { length: number; nullCount: number; validity?: Uint8Array; source?: { value(index: number): number }; isValid(index: number): boolean };

const NUMBER_ARRAYS = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array];

/**
 * An Arrow date column's milliseconds, NaN for nulls, or undefined when it is not one. Read from
 * the numbers under flechette's Date objects: making a million Dates to read their times cost
 * about half a second of a chart of a cached table.
 */
function arrowDates(column: Readable): Float64Array | undefined {
  const batches = column.data as DateBatch[] | undefined;
  if (!Array.isArray(batches) || batches.length === 0 || !batches.every((b) => typeof b?.source?.value === "function" && typeof b.isValid === "function")) return undefined;
  const out = new Float64Array(column.length);
  let at = 0;
  for (const batch of batches) {
    const source = batch.source!;
    // As flechette's own `at`: without nulls there may be no validity bitmap at all.
    const nulls = batch.nullCount > 0 && batch.validity !== undefined;
    for (let i = 0; i < batch.length; i++) out[at++] = !nulls || batch.isValid(i) ? source.value(i) : NaN;
  }
  return out;
}

function visibleRows(table: ColumnTable, all: ArrayLike<unknown>): ArrayLike<unknown> {
  if (!table.isFiltered() && !table.isOrdered()) return all;
  const rows = table.indices();
  if (all instanceof Float64Array) return Float64Array.from(rows, (r) => all[r]);
  const visible = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) visible[i] = all[rows[i]];
  return visible;
}

/** Columns already read per table: the next chart of the same table starts binning at once. */
const reads = new WeakMap<ColumnTable, Map<string, Read>>();

/** A column's values in visible row order; the result may be the table's own array: read only. */
export function readColumn(table: ColumnTable, name: string): Read {
  const known = reads.get(table) ?? new Map<string, Read>();
  reads.set(table, known);
  if (!known.has(name)) known.set(name, read(table, name));
  return known.get(name)!;
}

function read(table: ColumnTable, name: string): Read {
  const column = table.column(name) as unknown as Readable;
  if (Array.isArray(column) || ArrayBuffer.isView(column)) return withKind(visibleRows(table, column));
  const dates = arrowDates(column);
  if (dates) return { values: visibleRows(table, dates), kind: "date" };
  return withKind(visibleRows(table, typeof column.toArray === "function" ? column.toArray() : table.array(name, Array)));
}

function withKind(values: ArrayLike<unknown>): Read {
  // Typed arrays of numbers need no look at each cell.
  return { values, kind: NUMBER_ARRAYS.some((type) => values instanceof type) ? "number" : kindOfColumn(values) };
}

/** A read column's numbers and dates as numbers (dates in milliseconds), NaN where none; kept with it. */
export function numbersOf(column: Read): ArrayLike<number> {
  return (column.numbers ??= asNumbers(column.values));
}

function asNumbers(values: ArrayLike<unknown>): ArrayLike<number> {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === "number" ? v : v instanceof Date ? v.getTime() : typeof v === "bigint" ? Number(v) : NaN;
  }
  return out;
}
