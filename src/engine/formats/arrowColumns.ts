import type { ColumnTable } from "arquero";
import { isWellFormed, SURROGATES } from "./wellFormed";
import { batchType, Column, columnFromArray, dictionary, float64, int16, int32, int8, utf8, type DataType } from "@uwdata/flechette";

/**
 * Arrow columns read straight from a table's number and string arrays, rows gathered by index.
 *
 * Arquero's `toArrow` reads every cell through the table (its filter and order included) and
 * hands flechette values one by one, which infers their type in a second pass: ~50 ms a 1M-row
 * column whatever its type (967k filtered rows of five columns: ~300 ms, docs/BENCHMARKS.md).
 * Here a number column is copied into a typed array in one pass that also finds whether its cells
 * are small integers (flechette's inference), and a string column becomes dictionary keys through
 * one Map: ~6 and ~13 ms. The values read back are the same; only the way there differs, but for
 * -0, which stays -0 (float64) where `toArrow` would make an integer column of it.
 *
 * Columns read from Arrow are read the same way: a string column's keys are gathered and its
 * dictionary kept (made compact when rows are filtered or ordered), a typed array's rows gathered as numbers.
 *
 * A column this does not cover (booleans, dates, bigints, nested or mixed cells, any other column
 * object) is left to `toArrow`: `undefined` for it. `made` collects the buffers made
 * here, which nothing else holds once the IPC bytes are written.
 */
export function fastColumn(values: unknown, rows: ArrayLike<number> | null, type: DataType | undefined, made: ArrayBuffer[]): Column<unknown> | undefined {
  // No rows: `toArrow` makes a column of no batches, which the others must match.
  if (rows?.length === 0) return undefined;
  const stringsWanted = type === undefined || isDictionaryOfUtf8(type);
  if (isDictionaryColumn(values)) return stringsWanted ? dictionaryColumn(values, rows, made) : undefined;
  // Any other column read from Arrow, filtered or ordered: its values (a typed array, or an array
  // where there are nulls), read as an array of them is. Unfiltered, `toArrow` reuses it as it is.
  if (values instanceof Column) return rows ? fastColumn(values.toArray(), rows, type, made) : undefined;
  // A filtered or ordered typed array is read as `toArrow` reads it: its type inferred again.
  if (isTypedNumbers(values)) return rows && type === undefined ? numberColumn(values, rows, made) : undefined;
  if (!isArrayLike(values)) return undefined;
  const first = firstValid(values, rows);
  if (typeof first === "number" && type === undefined) return numberColumn(values, rows, made);
  if (typeof first === "string" && stringsWanted) return stringColumn(values, rows, made);
  return undefined;
}

type Cells = ArrayLike<unknown>;

/**
 * A string column read from Arrow (arquero's dictionary column, formats/arrow.ts): its keys, one
 * per row, and a function from key to value.
 */
interface DictionaryColumn {
  length: number;
  nullCount: number;
  groups(names: string[]): { keys: ArrayLike<number>; get: [(key: number) => unknown]; size: number };
}

function isDictionaryColumn(values: unknown): values is DictionaryColumn {
  const column = values as Partial<DictionaryColumn> | null;
  return typeof column === "object" && column !== null && typeof column.groups === "function" && typeof column.length === "number" && typeof (column as { key?: unknown }).key === "function";
}

type TypedNumbers = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

const TYPED: readonly unknown[] = [Float64Array, Float32Array, Int32Array, Int16Array, Int8Array, Uint32Array, Uint16Array, Uint8Array];

/** A number column read from Arrow, or built as a typed array (the types Arrow has; bigint arrays are left to `toArrow`). */
function isTypedNumbers(values: unknown): values is TypedNumbers {
  return ArrayBuffer.isView(values) && TYPED.includes(values.constructor);
}

/**
 * An Arrow-read string column's parts: a key per row, and the distinct strings a key in
 * [0, count) names; any other key is a null. `undefined` for any other column, or when the
 * dictionary holds something other than strings.
 */
export function stringDictionary(values: unknown): { keys: ArrayLike<number>; distinct: string[] } | undefined {
  if (!isDictionaryColumn(values)) return undefined;
  const { keys, get, size } = values.groups([]);
  // `size` counts a group for null, whose key is the one past the dictionary's values.
  const count = size - (values.nullCount > 0 ? 1 : 0);
  const distinct: string[] = [];
  for (let key = 0; key < count; key++) {
    const value = get[0](key);
    if (typeof value !== "string") return undefined;
    distinct.push(value);
  }
  return { keys, distinct };
}

/** An Arrow-read string column: its keys gathered, its dictionary as it is (unused values included). */
function dictionaryColumn(values: DictionaryColumn, rows: ArrayLike<number> | null, made: ArrayBuffer[]): Column<unknown> | undefined {
  const parts = stringDictionary(values);
  if (!parts) return undefined;
  const { keys, distinct } = parts;
  const count = distinct.length;
  const n = length(values as unknown as Cells, rows);
  const out = new Int32Array(n);
  const validity = new Validity(n);
  // Filtered or ordered: a compact dictionary in order of first appearance, as `toArrow` makes it
  // (a table read back groups by its dictionary: unused values would come back as empty groups).
  const remap = rows ? new Int32Array(count).fill(-1) : undefined;
  const shown: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = keys[rows ? rows[i] : i];
    if (key < 0 || key >= count) validity.setNull(i);
    else if (!remap) out[i] = key;
    else {
      if (remap[key] < 0) {
        remap[key] = shown.length;
        shown.push(distinct[key]);
      }
      out[i] = remap[key];
    }
  }
  // Only nulls showing: `toArrow` infers Arrow's null type.
  if (validity.nulls === n) return undefined;
  made.push(out.buffer);
  return dictionaryOf(remap ? shown : distinct, out, validity);
}

/**
 * Whether an unfiltered table's column keeps its Arrow dictionary, as read, when encoded: what a
 * table that crosses to a worker groups by there (runner/pool.ts `forCrossing`).
 */
export function keepsDictionary(values: unknown): boolean {
  return isDictionaryColumn(values) && values.nullCount < values.length && stringDictionary(values) !== undefined;
}

/** Plain arrays only: a typed-array column is left to `toArrow`, which keeps its type and reuses its buffer. */
function isArrayLike(values: unknown): values is Cells {
  return Array.isArray(values);
}

function isDictionaryOfUtf8(type: DataType): boolean {
  const dict = type as { typeId: number; dictionary?: { typeId: number } };
  return dict.typeId === DICTIONARY && dict.dictionary?.typeId === UTF8;
}

const DICTIONARY = -1; // flechette's Type.Dictionary
const UTF8 = 5; // flechette's Type.Utf8

const length = (values: Cells, rows: ArrayLike<number> | null) => (rows ? rows.length : values.length);

function firstValid(values: Cells, rows: ArrayLike<number> | null): unknown {
  const n = length(values, rows);
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}

/** Arrow's validity bitmap (bit set = a value), and how many cells are null. */
class Validity {
  bits: Uint8Array | undefined;
  nulls = 0;
  constructor(private readonly n: number) {}
  setNull(i: number): void {
    if (!this.bits) this.bits = new Uint8Array((this.n + 7) >> 3).fill(0xff);
    this.bits[i >> 3] &= ~(1 << (i & 7));
    this.nulls++;
  }
  get bitmap(): Uint8Array {
    return this.bits ?? new Uint8Array(0);
  }
}

/**
 * Numbers as the narrowest signed integer type that holds them all (as flechette infers), else
 * float64. -0 is not an integer here: an integer column would give it back as 0.
 */
function numberColumn(values: Cells, rows: ArrayLike<number> | null, made: ArrayBuffer[]): Column<unknown> | undefined {
  const n = length(values, rows);
  const out = new Float64Array(n);
  const validity = new Validity(n);
  let integers = true;
  let min = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (typeof v !== "number") {
      if (v !== null && v !== undefined) return undefined;
      validity.setNull(i);
      continue;
    }
    out[i] = v;
    if (!integers) continue;
    if (Number.isInteger(v) && !Object.is(v, -0)) {
      if (v < min) min = v;
      else if (v > max) max = v;
    } else integers = false;
  }
  made.push(out.buffer);
  const [type, array] =
    !integers || min < -2147483648 || max > 2147483647 ? [float64(), out]
    : min >= -128 && max <= 127 ? [int8(), Int8Array.from(out)]
    : min >= -32768 && max <= 32767 ? [int16(), Int16Array.from(out)]
    : [int32(), Int32Array.from(out)];
  if (array !== out) made.push(array.buffer);
  return batchColumn(type, n, validity, array);
}

/** Strings as dictionary keys (int32) into their distinct values, in order of first appearance. */
function stringColumn(values: Cells, rows: ArrayLike<number> | null, made: ArrayBuffer[]): Column<unknown> | undefined {
  const n = length(values, rows);
  const keys = new Int32Array(n);
  const validity = new Validity(n);
  const keyOf = new Map<string, number>();
  const distinct: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    if (typeof v !== "string") {
      if (v !== null && v !== undefined) return undefined;
      validity.setNull(i);
      continue;
    }
    let key = keyOf.get(v);
    if (key === undefined) {
      // Checked once a distinct string: UTF-8 would write a lone surrogate as U+FFFD, and
      // `toArrow` after it as well, so the table is refused (native.ts then keeps it as data).
      if (!isWellFormed(v)) throw new Error(`a string holds ${SURROGATES.replace(/^strings with /, "")}`);
      key = distinct.length;
      keyOf.set(v, key);
      distinct.push(v);
    }
    keys[i] = key;
  }
  made.push(keys.buffer);
  return dictionaryOf(distinct, keys, validity);
}

function dictionaryOf(distinct: string[], keys: Int32Array, validity: Validity): Column<unknown> {
  // One value type for both: the encoder finds a dictionary's id through it.
  const valueType = utf8();
  const column = batchColumn(dictionary(valueType, int32()), keys.length, validity, keys);
  const dictionaryValues = columnFromArray(distinct, valueType);
  for (const batch of column.data) (batch as unknown as { setDictionary(d: Column<unknown>): void }).setDictionary(dictionaryValues);
  return column;
}

function batchColumn(type: DataType, n: number, validity: Validity, values: ArrayBufferView): Column<unknown> {
  const Batch = batchType(type) as unknown as new (options: object) => never;
  return new Column([new Batch({ length: n, nullCount: validity.nulls, type, validity: validity.bitmap, values })]);
}

/** The rows a table holds, in its order: `null` when it is neither filtered nor ordered. */
export function tableRows(table: ColumnTable): ArrayLike<number> | null {
  return table.isFiltered() || table.isOrdered() ? table.indices() : null;
}
