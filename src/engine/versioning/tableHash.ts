import type { ColumnTable } from "arquero";
import { Column, Precision, Type } from "@uwdata/flechette";
import type { IHasher } from "hash-wasm";
import { kindOfCell, withCell, type ColumnKind, type ColumnSchema } from "../formats/table";
import { isWellFormed } from "../formats/wellFormed";
import { withHasher } from "./hashers";
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

/** A column's visible cells, read a chunk at a time into one reusable array (one monomorphic loop per hasher). */
class Cells {
  readonly chunk: unknown[] = [];
  private readonly indexed: ArrayLike<unknown> | undefined;
  constructor(
    private readonly column: ColumnData,
    private readonly rows: Uint32Array | null,
    readonly n: number,
  ) {
    this.indexed = Array.isArray(column) || ArrayBuffer.isView(column) ? (column as unknown as ArrayLike<unknown>) : undefined;
  }
  /** Cell i, for the occasional look. */
  at(i: number): unknown {
    const row = this.rows ? this.rows[i] : i;
    return this.indexed ? this.indexed[row] : this.column.at(row);
  }
  /** Reads cells [start, min(n, start + CHUNK)) into `chunk`; returns how many. */
  read(start: number): number {
    const { chunk, rows, indexed, column } = this;
    const count = Math.min(this.n, start + CHUNK) - start;
    if (indexed && rows) for (let j = 0; j < count; j++) chunk[j] = indexed[rows[start + j]];
    else if (indexed) for (let j = 0; j < count; j++) chunk[j] = indexed[start + j];
    else if (rows) for (let j = 0; j < count; j++) chunk[j] = column.at(rows[start + j]);
    else for (let j = 0; j < count; j++) chunk[j] = column.at(start + j);
    return count;
  }
}

const CHUNK = 8192;
const NAN_HI = 0x7ff80000;
const NULL_LO = 1;
const NULL_LENGTH = 0xffffffff;
const CELLS = "C";
const KIND_TAG: Record<ColumnKind, string> = { null: "0", number: "n", string: "S", surrogates: CELLS, boolean: "t", date: "D", bigint: "g", json: CELLS, bytes: CELLS, mixed: CELLS, other: CELLS };
const encoder = new TextEncoder();

/** The kind of every visible cell, missing ones aside (`kindOfColumn` over a view). */
function scanKind(cells: Cells): ColumnKind {
  let kind: ColumnKind = "null";
  for (let i = 0; i < cells.n; i++) {
    const k = kindOfCell(cells.at(i));
    if (k === "null" || k === kind) continue;
    kind = withCell(kind, k);
    if (kind === "mixed") return kind;
  }
  return kind;
}

/** The kind of the first present cell: the column's, if every other present cell has it too. */
function firstKind(cells: Cells): ColumnKind {
  for (let i = 0; i < cells.n; i++) {
    const k = kindOfCell(cells.at(i));
    if (k !== "null") return k;
  }
  return "null";
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

/*
 * The hashers below check each present cell's type as they go and return false at the first
 * cell of another kind: the column is then hashed cell by cell instead.
 */

function hashNumbers(h: IHasher, cells: Cells, dates: boolean): boolean {
  const values = new Float64Array(Math.min(cells.n, CHUNK));
  const words = new Uint32Array(values.buffer);
  const { chunk } = cells;
  for (let start = 0; start < cells.n; start += CHUNK) {
    const count = cells.read(start);
    for (let j = 0; j < count; j++) {
      const cell = chunk[j];
      let x: number;
      if (cell == null) {
        words[2 * j] = NULL_LO;
        words[2 * j + 1] = NAN_HI;
        continue;
      } else if (dates) {
        if (!(cell instanceof Date)) return false;
        x = cell.getTime();
      } else {
        if (typeof cell !== "number") return false;
        x = cell;
      }
      if (x === x) {
        values[j] = x;
      } else {
        words[2 * j] = 0;
        words[2 * j + 1] = NAN_HI;
      }
    }
    h.update(asBytes(values, count * 8));
  }
  return true;
}

function hashStrings(h: IHasher, lengthsHasher: IHasher, cells: Cells): boolean {
  const lengths = new Uint32Array(Math.min(cells.n, CHUNK));
  let bytes = new Uint8Array(1 << 16);
  const { chunk } = cells;
  for (let start = 0; start < cells.n; start += CHUNK) {
    const count = cells.read(start);
    let text = "";
    for (let j = 0; j < count; j++) {
      const cell = chunk[j];
      if (cell == null) {
        lengths[j] = NULL_LENGTH;
      } else if (typeof cell !== "string") {
        return false;
      } else {
        lengths[j] = cell.length;
        text += cell;
      }
    }
    // A lone surrogate would hash as U+FFFD does: such a column is hashed cell by cell. Checked
    // on the chunk, which encodeInto flattens anyway (one a cell cost ~12 ns a cell at 1M rows).
    // Two halves of one pair in two cells make a well-formed chunk; they hash apart from U+FFFD
    // all the same (a pair's UTF-8 is not two U+FFFD's), and the row lengths keep the cells apart.
    if (!isWellFormed(text)) return false;
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > bytes.length) bytes = new Uint8Array(text.length * 3);
    h.update(bytes.subarray(0, encoder.encodeInto(text, bytes).written));
    lengthsHasher.update(asBytes(lengths, count * 4));
  }
  return true;
}

function hashBooleans(h: IHasher, cells: Cells): boolean {
  const bytes = new Uint8Array(Math.min(cells.n, CHUNK));
  const { chunk } = cells;
  for (let start = 0; start < cells.n; start += CHUNK) {
    const count = cells.read(start);
    for (let j = 0; j < count; j++) {
      const cell = chunk[j];
      if (cell == null) bytes[j] = 2;
      else if (typeof cell !== "boolean") return false;
      else bytes[j] = cell ? 1 : 0;
    }
    h.update(bytes.subarray(0, count));
  }
  return true;
}

async function hashCells(w: Writer, cells: Cells, kind: ColumnKind, writeCell: CellWriter): Promise<void> {
  for (let i = 0; i < cells.n; i++) {
    const cell = cells.at(i);
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

/** A flat column's digest (hex), or undefined when a cell is not of `kind` after all. */
function hashFlat(hashers: [IHasher, IHasher], column: ColumnData, cells: Cells, kind: ColumnKind, rows: Uint32Array | null): string | undefined {
  const [h, lengths] = hashers;
  h.init();
  switch (kind) {
    case "number":
    case "date": {
      const buffers = kind === "number" && !rows ? canonicalBuffers(column, cells.n) : undefined;
      if (buffers) for (const buffer of buffers) h.update(asBytes(buffer));
      else if (!hashNumbers(h, cells, kind === "date")) return undefined;
      return h.digest("hex");
    }
    case "string":
      lengths.init();
      return hashStrings(h, lengths, cells) ? h.digest("hex") + lengths.digest("hex") : undefined;
    case "boolean":
      return hashBooleans(h, cells) ? h.digest("hex") : undefined;
    default:
      return undefined;
  }
}

/** One column's digest (hex), and its kind. */
async function hashColumn(hashers: [IHasher, IHasher], column: ColumnData, rows: Uint32Array | null, n: number, writeCell: CellWriter): Promise<{ kind: ColumnKind; digest: string }> {
  const cells = new Cells(column, rows, n);
  const first = firstKind(cells);
  if (first === "null") return { kind: first, digest: "" };
  const digest = hashFlat(hashers, column, cells, first, rows);
  if (digest !== undefined) return { kind: first, digest };
  // A bigint column, or one of objects or mixed types: cell by cell.
  const kind = scanKind(cells);
  const [h] = hashers;
  h.init();
  await hashCells(new Writer(h), cells, kind, writeCell);
  return { kind, digest: h.digest("hex") };
}

/**
 * Writes fp2's form of a table's visible rows: `T`, the row and column counts, then each column's
 * name, kind tag and digest in order. Returns the kinds it found (storage reuses them).
 */
export async function writeColumns(w: Writer, table: ColumnTable, writeCell: CellWriter): Promise<ColumnSchema> {
  const names = table.columnNames();
  const n = table.numRows();
  const rows = table.isFiltered() || table.isOrdered() ? table.indices() : null;
  const kinds: ColumnSchema = {};
  w.tag("T");
  w.u32(n);
  w.u32(names.length);
  await withHasher((values) =>
    withHasher(async (lengths) => {
      for (const name of names) {
        const { kind, digest } = await hashColumn([values, lengths], table.column(name) as unknown as ColumnData, rows, n, writeCell);
        kinds[name] = kind;
        w.text(name);
        w.tag(KIND_TAG[kind]);
        w.text(digest);
      }
    }),
  );
  return kinds;
}
