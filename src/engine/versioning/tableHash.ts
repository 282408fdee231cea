import type { ColumnTable } from "arquero";
import { Column, Precision, Type } from "@uwdata/flechette";
import { createXXHash128, type IHasher } from "hash-wasm";
import { kindOfCell, type ColumnKind, type ColumnSchema } from "../formats/table";
import { Writer } from "./writer";

/**
 * fp2's table encoding: a table's schema and visible rows hashed from its column data directly,
 * with no Arrow encoding on the way. Each column gets its own xxhash128 digest of a canonical
 * form that depends only on the visible values and the column's kind, never on how the column is
 * held (a JS array, a typed array, an Arrow vector from `fromArrow`, a filtered or ordered view):
 *
 * - kind: what `kindOfColumn` says of the visible cells, missing cells (null, undefined) aside.
 *   An all-missing column is `null`; `json`, `bytes`, `mixed` and `other` are hashed cell by cell.
 * - `number`, `date`: 8 little-endian bytes a row: the value (a date's `getTime()`), every NaN as
 *   the canonical NaN, a missing cell as a NaN with payload 1 (no value can give that, NaNs being
 *   canonical). A Float64 buffer without NaN is thus its own canonical form and goes to the hasher
 *   as it is.
 * - `string`: the UTF-8 bytes of each 8,192-row chunk's concatenation (`encodeInto` one reusable
 *   buffer), and, hashed apart, each row's length in UTF-16 units as a u32, 0xffffffff if missing.
 * - `boolean`: one byte a row: 0, 1, or 2 if missing.
 * - `bigint`: `0` if missing, else `g` and its decimal text.
 * - cell by cell: fingerprint.ts's type-tagged encoding of each cell (null and undefined differ
 *   there, as such tables are stored as structured data that keeps both).
 * Missing cells are one thing in columns of flat kinds because Arrow, which stores them, keeps
 * only null: a table and the same table read back from the cache have the same version.
 */

/** How a cell the column encodings do not cover is written (fingerprint.ts's type-tagged walk). */
export type CellWriter = (w: Writer, cell: unknown) => Promise<void>;

interface ColumnData {
  length: number;
  at(row: number): unknown;
}
type Cells = (i: number) => unknown;

const CHUNK = 8192;
const NAN_HI = 0x7ff80000;
const NULL_LO = 1;
const NULL_LENGTH = 0xffffffff;
const CELLS = "C";
const KIND_TAG: Record<ColumnKind, string> = { null: "0", number: "n", string: "S", boolean: "t", date: "D", bigint: "g", json: CELLS, bytes: CELLS, mixed: CELLS, other: CELLS };
/** Arrow types whose cells all have one JS type: their first value tells the column's kind. */
const FLAT_ARROW: ReadonlySet<number> = new Set([Type.Null, Type.Int, Type.Float, Type.Utf8, Type.LargeUtf8, Type.Utf8View, Type.Bool, Type.Date, Type.Timestamp]);

const encoder = new TextEncoder();

/** Arquero's wrapper around an Arrow dictionary column (`fromArrow`): its values come from one dictionary. */
function isArrowDictionary(column: object): boolean {
  const c = column as Record<string, unknown>;
  return typeof c.keyFor === "function" && typeof c.key === "function" && typeof c.nullCount === "number";
}

function isHomogeneous(column: ColumnData): boolean {
  if (ArrayBuffer.isView(column)) return true;
  if (column instanceof Column) return FLAT_ARROW.has(column.type.typeId);
  return isArrowDictionary(column);
}

function kindOf(column: ColumnData, cells: Cells, n: number): ColumnKind {
  const homogeneous = isHomogeneous(column);
  let kind: ColumnKind = "null";
  for (let i = 0; i < n; i++) {
    const k = kindOfCell(cells(i));
    if (k === "null" || k === kind) continue;
    if (homogeneous) return k;
    if (kind !== "null") return "mixed";
    kind = k;
  }
  return kind;
}

function cellsOf(column: ColumnData, rows: Uint32Array | null): Cells {
  const indexed = Array.isArray(column) || ArrayBuffer.isView(column);
  const values = column as unknown as ArrayLike<unknown>;
  if (rows) return indexed ? (i) => values[rows[i]] : (i) => column.at(rows[i]);
  return indexed ? (i) => values[i] : (i) => column.at(i);
}

const hasNaN = (values: Float64Array) => {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
};

/** A column's whole Float64 buffers when they already are the canonical form (no missing cells, no NaN). */
function canonicalBuffers(column: ColumnData, n: number): Float64Array[] | undefined {
  let buffers: Float64Array[] | undefined;
  if (column instanceof Float64Array) buffers = [column.subarray(0, n)];
  else if (column instanceof Column && column.nullCount === 0 && column.type.typeId === Type.Float && column.type.precision === Precision.DOUBLE) {
    buffers = column.data.map((batch) => (batch.values as Float64Array).subarray(0, batch.length));
  }
  return buffers?.some(hasNaN) ? undefined : buffers;
}

const asBytes = (view: ArrayBufferView, length = view.byteLength) => new Uint8Array(view.buffer, view.byteOffset, length);

function hashNumbers(h: IHasher, cells: Cells, n: number, dates: boolean): void {
  const values = new Float64Array(Math.min(n, CHUNK));
  const words = new Uint32Array(values.buffer);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    for (let i = start, j = 0; i < end; i++, j++) {
      const cell = cells(i);
      const x = cell == null ? undefined : dates ? (cell as Date).getTime() : (cell as number);
      if (x !== undefined && x === x) {
        values[j] = x;
      } else {
        words[2 * j] = x === undefined ? NULL_LO : 0;
        words[2 * j + 1] = NAN_HI;
      }
    }
    h.update(asBytes(values, (end - start) * 8));
  }
}

function hashStrings(h: IHasher, lengthsHasher: IHasher, cells: Cells, n: number): void {
  const lengths = new Uint32Array(Math.min(n, CHUNK));
  let bytes = new Uint8Array(1 << 16);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let text = "";
    for (let i = start, j = 0; i < end; i++, j++) {
      const cell = cells(i) as string | null | undefined;
      if (cell == null) {
        lengths[j] = NULL_LENGTH;
      } else {
        lengths[j] = cell.length;
        text += cell;
      }
    }
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > bytes.length) bytes = new Uint8Array(text.length * 3);
    h.update(bytes.subarray(0, encoder.encodeInto(text, bytes).written));
    lengthsHasher.update(asBytes(lengths, (end - start) * 4));
  }
}

function hashBooleans(h: IHasher, cells: Cells, n: number): void {
  const bytes = new Uint8Array(Math.min(n, CHUNK));
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    for (let i = start, j = 0; i < end; i++, j++) {
      const cell = cells(i);
      bytes[j] = cell == null ? 2 : cell ? 1 : 0;
    }
    h.update(bytes.subarray(0, end - start));
  }
}

async function hashCells(w: Writer, cells: Cells, n: number, kind: ColumnKind, writeCell: CellWriter): Promise<void> {
  for (let i = 0; i < n; i++) {
    const cell = cells(i);
    if (kind !== "bigint") {
      await writeCell(w, cell);
    } else if (cell == null) {
      w.tag("0");
    } else {
      w.tag("g");
      w.text((cell as bigint).toString());
    }
  }
  w.flush();
}

/** One column's digest (hex), and its kind. */
async function hashColumn(hashers: [IHasher, IHasher], column: ColumnData, rows: Uint32Array | null, n: number, writeCell: CellWriter): Promise<{ kind: ColumnKind; digest: string }> {
  const [h, lengths] = hashers;
  const cells = cellsOf(column, rows);
  const kind = kindOf(column, cells, n);
  h.init();
  switch (kind) {
    case "null":
      return { kind, digest: "" };
    case "number":
    case "date": {
      const buffers = kind === "number" && !rows ? canonicalBuffers(column, n) : undefined;
      if (buffers) for (const buffer of buffers) h.update(asBytes(buffer));
      else hashNumbers(h, cells, n, kind === "date");
      return { kind, digest: h.digest("hex") };
    }
    case "string":
      lengths.init();
      hashStrings(h, lengths, cells, n);
      return { kind, digest: h.digest("hex") + lengths.digest("hex") };
    case "boolean":
      hashBooleans(h, cells, n);
      return { kind, digest: h.digest("hex") };
    default:
      await hashCells(new Writer(h), cells, n, kind, writeCell);
      return { kind, digest: h.digest("hex") };
  }
}

/**
 * Writes fp2's form of a table's visible rows: `T`, the row and column counts, then each column's
 * name, kind tag and digest in order. Returns the kinds it found (storage reuses them).
 */
export async function writeColumns(w: Writer, table: ColumnTable, writeCell: CellWriter): Promise<ColumnSchema> {
  const names = table.columnNames();
  const n = table.numRows();
  const rows = table.isFiltered() || table.isOrdered() ? table.indices() : null;
  const hashers = (await Promise.all([createXXHash128(), createXXHash128()])) as [IHasher, IHasher];
  const kinds: ColumnSchema = {};
  w.tag("T");
  w.u32(n);
  w.u32(names.length);
  for (const name of names) {
    const { kind, digest } = await hashColumn(hashers, table.column(name) as unknown as ColumnData, rows, n, writeCell);
    kinds[name] = kind;
    w.text(name);
    w.tag(KIND_TAG[kind]);
    w.text(digest);
  }
  return kinds;
}
