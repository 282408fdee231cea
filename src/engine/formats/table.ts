import { ColumnTable, Table, table as makeTable } from "arquero";
import { Column } from "@uwdata/flechette";
import { stringDictionary } from "./arrowColumns";
import { isWellFormed } from "./wellFormed";

/**
 * Whether a value is an Arquero table. `instanceof` first; then duck typing, because a table
 * built by a second copy of Arquero (another bundle, a test double) must still be recognised.
 * @example isTable(aq.table({ a: [1] })) // true
 */
export function isTable(value: unknown): value is ColumnTable {
  if (value instanceof Table) return true;
  if (typeof value !== "object" || value === null) return false;
  const t = value as Record<string, unknown>;
  return ["columnNames", "numRows", "column", "array", "scan", "objects"].every((k) => typeof t[k] === "function");
}

/** What a column holds, decided by looking at every visible cell. */
export type ColumnKind =
  | "null" // every cell null/undefined
  | "number"
  | "string"
  | "surrogates" // strings, one at least with a lone surrogate (formats/wellFormed.ts): UTF-8 cannot hold it
  | "boolean"
  | "date"
  | "bigint"
  | "json" // plain objects and arrays
  | "bytes" // Uint8Array
  | "mixed" // more than one of the above
  | "other"; // functions, class instances, Maps...

/** Column name -> kind; kept beside CSV/JSON bytes so decoding restores exact types. */
export type ColumnSchema = Record<string, ColumnKind>;

export function kindOfCell(v: unknown): ColumnKind {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "number":
      return "number";
    case "string":
      // Not a flat string column's cell: it would not come back from Arrow as it is (isWellFormed).
      return isWellFormed(v) ? "string" : "surrogates";
    case "boolean":
      return "boolean";
    case "bigint":
      return "bigint";
    case "object":
      if (v instanceof Date) return "date";
      if (v instanceof Uint8Array) return "bytes";
      if (Array.isArray(v)) return "json";
      return Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null ? "json" : "other";
    default:
      return "other";
  }
}

/** A column's values in visible row order (filters and orderby applied), as a plain array. */
export function columnValues(table: ColumnTable, name: string): unknown[] {
  return table.array(name, Array) as unknown[];
}

/** The kind of a column's cells, or of those at `rows` only. */
export function kindOfColumn(values: ArrayLike<unknown>, rows: ArrayLike<number> | null = null): ColumnKind {
  let kind: ColumnKind = "null";
  const n = rows ? rows.length : values.length;
  for (let i = 0; i < n; i++) {
    const k = kindOfCell(values[rows ? rows[i] : i]);
    if (k === "null" || k === kind) continue;
    kind = withCell(kind, k);
    if (kind === "mixed") return kind;
  }
  return kind;
}

/** A column's kind so far (not `null`, not what the cell is) once a cell of kind `cell` is seen. */
export function withCell(kind: ColumnKind, cell: ColumnKind): ColumnKind {
  if (kind === "null") return cell;
  // Strings with and without a lone surrogate are one column of strings, which UTF-8 cannot hold.
  if ((kind === "string" && cell === "surrogates") || (kind === "surrogates" && cell === "string")) return "surrogates";
  return "mixed";
}

/**
 * Each column's kind over the rows the table shows. A plain-array column is read at those rows in
 * place: `columnValues` copies a filtered column first, ~50 ms a 1M-row column (a pool crossing
 * of a table no fingerprint had scanned spent ~400 ms here).
 */
export function schemaOf(table: ColumnTable): ColumnSchema {
  const schema: ColumnSchema = {};
  const rows = table.isFiltered() || table.isOrdered() ? table.indices() : null;
  for (const name of table.columnNames()) schema[name] = columnKind(table, name, rows);
  return schema;
}

/** One column's kind over the rows `rows` (`table.indices()` of a filtered or ordered table, else null). */
export function columnKind(table: ColumnTable, name: string, rows: ArrayLike<number> | null): ColumnKind {
  const column = table.column(name);
  return Array.isArray(column) ? kindOfColumn(column, rows) : (storedKind(column, rows) ?? kindOfColumn(columnValues(table, name)));
}

const NUMBER_ARRAYS: readonly unknown[] = [Float64Array, Float32Array, Int32Array, Int16Array, Int8Array, Uint32Array, Uint16Array, Uint8Array, Uint8ClampedArray];

/**
 * The kind of a column read from Arrow, told by how it is held rather than by its cells: a typed
 * array holds numbers (or bigints), a string dictionary strings. ~25 ms a 1M-row column less than
 * copying it out to look (a pool crossing before any fingerprint, runner/early.ts). `undefined`
 * for any other column.
 */
function storedKind(column: unknown, rows: ArrayLike<number> | null): ColumnKind | undefined {
  const n = rows ? rows.length : (column as { length?: number }).length;
  // An Arrow column without nulls gives its values as a typed array when they are numbers.
  if (column instanceof Column && column.nullCount === 0) {
    const values = column.toArray();
    return ArrayBuffer.isView(values) ? storedKind(values, rows) : undefined;
  }
  if (ArrayBuffer.isView(column)) {
    if (NUMBER_ARRAYS.includes(column.constructor)) return n === 0 ? "null" : "number";
    if (column instanceof BigInt64Array || column instanceof BigUint64Array) return n === 0 ? "null" : "bigint";
    return undefined;
  }
  const dictionary = stringDictionary(column);
  if (!dictionary || n === undefined) return undefined;
  const { keys, distinct } = dictionary;
  for (let i = 0; i < n; i++) {
    const key = keys[rows ? rows[i] : i];
    if (key >= 0 && key < distinct.length) return "string";
  }
  return "null";
}

/**
 * Turns bigint columns into numbers when every value is a safe integer. Files from pandas or
 * pyarrow store every integer as INT64, and bigints would make `d.amount * 0.73` throw;
 * the result store never calls this, so its round trips stay exact. `keep` names columns
 * asked for as bigint (CSV `types`).
 */
export function narrowBigInts(table: ColumnTable, keep: readonly string[] = []): ColumnTable {
  const changed: Record<string, unknown[]> = {};
  for (const name of table.columnNames()) {
    if (keep.includes(name)) continue;
    const values = columnValues(table, name);
    if (kindOfColumn(values) !== "bigint") continue;
    const safe = values.every((v) => v == null || (v as bigint) <= BigInt(Number.MAX_SAFE_INTEGER) && (v as bigint) >= BigInt(Number.MIN_SAFE_INTEGER));
    if (safe) changed[name] = values.map((v) => (v == null ? null : Number(v)));
  }
  if (Object.keys(changed).length === 0) return table;
  const names = table.columnNames();
  return makeTable(Object.fromEntries(names.map((n) => [n, changed[n] ?? columnValues(table, n)])), names);
}
