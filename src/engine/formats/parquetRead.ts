import { table as makeTable, type ColumnTable } from "arquero";
import type { ParquetParsers, SchemaElement } from "hyparquet";
import { decompressorsFor } from "./parquetCompression";
import { noSuchColumns, type Subject } from "./errors";

/*
 * Reading Parquet files written by any tool (pyarrow, Spark, DuckDB, parquet-mr, Impala...).
 * hyparquet decodes pages (PLAIN, dictionary, RLE, DELTA_*, BYTE_STREAM_SPLIT) and assembles
 * nested columns; this module decides what each value becomes in an Arquero table:
 * - integers: numbers (INT32) or bigint (INT64; narrowed to numbers later when all fit),
 * - timestamps of every unit (MILLIS, MICROS, NANOS, legacy INT96) and DATE: Date, floored to
 *   the millisecond (a Date's resolution); one beyond a Date's range (±275760 years) becomes
 *   an Invalid Date, as `new Date(x)` does,
 * - DECIMAL: the number nearest the decimal value (exact up to 15 significant digits),
 * - LIST, MAP and STRUCT: arrays and plain objects (JSON-like cells),
 * - strings as strings; BYTE_ARRAY without annotation is decoded as UTF-8 (what pandas writes
 *   for text), FIXED_LEN_BYTE_ARRAY without annotation stays Uint8Array.
 */

const MS_PER_DAY = 86_400_000;

/** `a / b` rounded towards minus infinity: -1 µs is 1969-12-31T23:59:59.999, not 1970. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** A Date for a count of milliseconds, Invalid Date when out of range (not a wrapped number). */
const dateOf = (ms: bigint): Date => new Date(ms > 8_640_000_000_000_000n || ms < -8_640_000_000_000_000n ? NaN : Number(ms));

/**
 * hyparquet 1.31 combines an INT96's two halves as `high << 64 | low` with `low` signed, so a
 * negative nanosecond-of-day (Spark writes one for timestamps past year ~287,000, whose 64-bit
 * microsecond arithmetic wrapped) loses the day and yields a time before 4128 BC. INT64
 * nanoseconds stop at 1677 and a real INT96 that early (4713-4128 BC) is not data anyone has,
 * so such a value is taken as unreadable and, like every instant beyond a Date's range, becomes
 * an Invalid Date rather than a wrong date.
 */
const INT96_GARBLED_BELOW = -2_440_589n * 86_400_000_000_000n + 2n ** 64n;

function fromNanoseconds(ns: bigint): Date {
  const value = BigInt(ns);
  return value < INT96_GARBLED_BELOW ? new Date(NaN) : dateOf(floorDiv(value, 1_000_000n));
}

const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (ms) => dateOf(BigInt(ms)),
  timestampFromMicroseconds: (us) => dateOf(floorDiv(BigInt(us), 1000n)),
  timestampFromNanoseconds: fromNanoseconds,
  dateFromDays: (days) => new Date(Number(days) * MS_PER_DAY),
};

/**
 * hyparquet scales decimals by multiplying with 10^-scale, which is off in the last bit
 * (3 * 0.1 = 0.30000000000000004); dividing the unscaled integer by 10^scale gives the double
 * nearest the decimal, which is what pyarrow's `to_pylist` floats and DuckDB's DOUBLE give.
 */
function fixDecimals(values: unknown[], scale: number): void {
  if (scale === 0) return;
  const factor = 10 ** scale;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") values[i] = Math.round(v * factor) / factor;
  }
}

type Column = unknown[] | Float64Array | Float32Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * Puts a row group's chunk of a column in place. REQUIRED numeric columns arrive as typed arrays
 * and stay typed (8 bytes a double instead of a boxed number in a JS array: a 3M-row column is
 * 24 MB, not 70+); anything else, or a chunk of another kind, goes into a plain array with null
 * for missing values. Every row belongs to exactly one row group, so every cell gets written.
 */
function place(target: Column | undefined, chunk: Column, rowStart: number, rows: number): Column {
  if (ArrayBuffer.isView(chunk)) {
    const Typed = chunk.constructor as new (length: number) => Column;
    if (target === undefined) target = new Typed(rows);
    if (target.constructor === Typed) {
      (target as Float64Array).set(chunk as Float64Array, rowStart);
      return target;
    }
  }
  // Not pre-filled with null: V8 keeps an array that only ever holds numbers as unboxed doubles
  // (8 bytes a cell), and one null would turn every cell into a pointer to a boxed number.
  const out: unknown[] = Array.isArray(target) ? target : target ? Array.from(target as ArrayLike<unknown>) : new Array(rows);
  for (let i = 0; i < chunk.length; i++) {
    const value = chunk[i];
    out[rowStart + i] = value === undefined ? null : value;
  }
  return out;
}

function isDecimal(element: SchemaElement): boolean {
  return element.converted_type === "DECIMAL" || element.logical_type?.type === "DECIMAL";
}

/**
 * Parquet bytes to an Arquero table with one column per top-level field, in file order; only the
 * fields `columns` names, if given (the others are never decompressed nor decoded).
 */
export async function readParquet(bytes: Uint8Array, columns?: readonly string[], subject: Subject = { label: "a Parquet file" }): Promise<ColumnTable> {
  const { parquetMetadata, parquetRead, parquetSchema } = await import("hyparquet");
  // hyparquet wants an ArrayBuffer of the file alone; a view into a larger buffer is copied.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const file = whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  const metadata = parquetMetadata(file);
  const all = parquetSchema(metadata).children;
  const missing = columns?.filter((name) => !all.some((child) => child.element.name === name)) ?? [];
  if (missing.length > 0) throw noSuchColumns(subject, missing, all.map((child) => child.element.name));
  const fields = all.filter((child) => !columns || columns.includes(child.element.name));
  const names = fields.map((child) => child.element.name);
  const rows = Number(metadata.num_rows);
  const compressors = await decompressorsFor(metadata);
  const read: Record<string, Column> = {};
  // Chunks are whole assembled top-level columns per row group, placed by their row offset.
  await parquetRead({
    file,
    metadata,
    ...(columns && { columns: names }),
    compressors,
    parsers: PARSERS,
    onChunk: ({ columnName, columnData, rowStart }) => {
      read[columnName] = place(read[columnName], columnData as Column, rowStart, rows);
    },
  });
  for (const name of names) read[name] ??= new Array(rows).fill(null);
  for (const field of fields) {
    const values = read[field.element.name];
    if (isDecimal(field.element) && Array.isArray(values)) fixDecimals(values, field.element.scale ?? 0);
  }
  return makeTable(read, names);
}
