import { fromArrow, table as makeTable, toArrow, type ColumnTable } from "arquero";
import { CompressionType, setCompressionCodec, tableFromColumns, tableFromIPC, tableToIPC, type Column, type DataType, type Table as ArrowTable } from "@uwdata/flechette";
import { fastColumn, tableRows } from "./arrowColumns";
import { releaseBuffer } from "../release";
import { cannotHold, cannotRead, type Subject } from "./errors";
import type { TableCodec } from "./codec";
import { columnKind, schemaOf, type ColumnKind } from "./table";
import { SURROGATES } from "./wellFormed";

const DICTIONARY = -1; // flechette's Type.Dictionary

/**
 * Arrow IPC stream bytes of a table, or a BAD_OPTION naming who asked when Arrow can't hold it.
 * `types` gives some columns' Arrow types; flechette infers the others.
 */
export function tableToIpcStream(table: ColumnTable, subject: Subject, format: "arrow" | "native" = "native", types: Record<string, DataType> = {}): Uint8Array {
  return encodeIpc(table, subject, format, (name) => types[name])!;
}

/**
 * Arrow IPC stream bytes of a table whose every column Arrow gives back exactly (native.ts
 * `ARROW_EXACT`), or `undefined` when a column holds something else. A column the fast path
 * encodes is a number or string column by construction (each cell's type checked as it is
 * copied), so only the other columns are scanned for their kind: a separate scan of a 1M-row
 * number column cost 15–45 ms of a pool crossing before any fingerprint had found its kind.
 */
export function exactIpcStream(table: ColumnTable, subject: Subject, exact: (kind: ColumnKind) => boolean, typeOf: (kind: ColumnKind) => DataType | undefined): Uint8Array | undefined {
  const rows = tableRows(table);
  const checked = (name: string): DataType | undefined => {
    const kind = columnKind(table, name, rows);
    if (!exact(kind)) throw NOT_EXACT;
    return typeOf(kind);
  };
  try {
    return encodeIpc(table, subject, "native", undefined, checked);
  } catch (error) {
    if (error === NOT_EXACT) return undefined;
    throw error;
  }
}

const NOT_EXACT = new Error("a column Arrow would not give back as it is");

/**
 * `typeFor` gives a column's Arrow type before the fast path tries it; `typeAfter`, a column the
 * fast path left, before `toArrow` infers it (and may refuse the table by throwing NOT_EXACT).
 */
function encodeIpc(table: ColumnTable, subject: Subject, format: "arrow" | "native", typeFor?: (name: string) => DataType | undefined, typeAfter?: (name: string) => DataType | undefined): Uint8Array | undefined {
  const made: ArrayBuffer[] = [];
  try {
    const rows = tableRows(table);
    const columns: Record<string, Column<unknown>> = {};
    const rest: string[] = [];
    const types: Record<string, DataType | undefined> = {};
    for (const name of table.columnNames()) {
      types[name] = typeFor?.(name);
      const column = fastColumn(table.column(name), rows, types[name], made);
      if (column) columns[name] = column;
      else rest.push(name);
    }
    if (typeAfter) for (const name of rest) types[name] = typeAfter(name);
    // The rest as arquero's toArrowIPC makes them, in two steps so that the Arrow columns in
    // between can be let go.
    const others = rest.length > 0 ? table.select(rest) : undefined;
    const arrow = others && toArrow(others, { types: Object.fromEntries(rest.filter((n) => types[n]).map((n) => [n, types[n]!])) });
    for (const name of rest) columns[name] = arrow!.getChild(name)!;
    const ordered = Object.fromEntries(table.columnNames().map((name) => [name, columns[name]]));
    const bytes = tableToIPC(tableFromColumns(ordered), { format: "stream" }) as Uint8Array;
    if (arrow && builtAfresh(others!)) releaseColumns(arrow);
    for (const buffer of made) releaseBuffer(buffer);
    return bytes;
  } catch (error) {
    if (error === NOT_EXACT) {
      for (const buffer of made) releaseBuffer(buffer);
      throw error;
    }
    throw cannotHold(subject, format, `Arrow cannot hold this table (${(error as Error).message})`, error);
  }
}

/**
 * Whether every Arrow column `toArrow` makes of `table` is new memory: a filtered or ordered
 * table is read cell by cell into new buffers, and so is a plain JS array (a node-built table).
 * Otherwise `toArrow` may reuse a column's own typed array or Arrow buffers, which the table keeps.
 */
function builtAfresh(table: ColumnTable): boolean {
  if (table.isFiltered() || table.isOrdered()) return true;
  const data = table.data() as Record<string, unknown>;
  return table.columnNames().every((name) => Array.isArray(data[name]));
}

/**
 * Frees the buffers of Arrow columns nothing else holds, once their IPC bytes (a copy) are made:
 * at 5M rows they are ~100 MB that the realm would otherwise keep until its next full GC.
 */
function releaseColumns(arrow: ArrowTable): void {
  for (const column of arrow.children) {
    for (const batch of column.data as unknown as { values?: ArrayBufferView; offsets?: ArrayBufferView; validity?: ArrayBufferView }[]) {
      releaseBuffer(batch.values?.buffer);
      releaseBuffer(batch.offsets?.buffer);
      releaseBuffer(batch.validity?.buffer);
    }
  }
}

/**
 * A dictionary column without `keyFor`, so filters compare its values, not its keys. Arquero
 * 8.0.3 rewrites `d.c == lit` / `d.c != lit` on such a column into a key comparison and, when
 * `lit` is not in the dictionary, into the literal `false` whatever the operator
 * (src/expression/rewrite.js, rewriteDictionary): `d.country != "Peru"` and `d.country != null`
 * (a column without nulls) kept no rows of a table read back from the cache, while the same
 * filter kept every row of the table as computed. No upstream issue found (searched the
 * tracker for dictionary / not-equal filters). `key` and `groups` stay, so groupby stays fast.
 */
function withoutKeyFor(column: unknown): unknown {
  if (typeof column !== "object" || column === null || !("keyFor" in column)) return column;
  const { keyFor: _dropped, ...rest } = column as Record<string | symbol, unknown>;
  return rest;
}

/**
 * Arrow IPC bytes (stream or file) to a table, exactly: dates as Date, int64 as bigint.
 * Works around arquero 8.0.3's `fromArrow`, which reads a dictionary column through its last
 * batch's dictionary only; a stream with one dictionary per batch (parquet-wasm writes those,
 * so may other tools) would come back with wrong strings. Such columns are materialised.
 */
export function ipcToTable(bytes: Uint8Array, subject: Subject, format: "arrow" | "native" = "native"): ColumnTable {
  try {
    const arrow = tableFromIPC(bytes, { useDate: true, useBigInt: true });
    // A damaged or crafted length would make the lazy columns allocate far beyond the input:
    // no column stores a row in less than a bit, so more rows than bits is a lie.
    const rows = arrow.numRows;
    if (!Number.isSafeInteger(rows) || rows < 0 || rows > bytes.byteLength * 8 + 65_536) {
      throw new Error(`it declares ${rows} rows in ${bytes.byteLength} bytes`);
    }
    // Every column holds exactly the batches' rows; a damaged node length claims more (and
    // reading it would walk billions of values).
    arrow.schema.fields.forEach((field, i) => {
      const length = arrow.getChildAt(i)?.length;
      if (length !== rows) throw new Error(`its column "${field.name}" declares ${length} values for ${rows} rows`);
    });
    const result = fromArrow(arrow as never);
    const fixed: Record<string, unknown> = {};
    arrow.schema.fields.forEach((field, i) => {
      const column = arrow.getChildAt(i);
      if (field.type.typeId !== DICTIONARY) return;
      fixed[field.name] = column.data.length > 1 ? Array.from(column) : withoutKeyFor(result.column(field.name));
    });
    if (Object.keys(fixed).length === 0) return result;
    const names = result.columnNames();
    return makeTable(Object.fromEntries(names.map((n) => [n, fixed[n] ?? result.column(n)])), names);
  } catch (error) {
    throw cannotRead(subject, format, error);
  }
}

/**
 * `arrow` is Feather v2, i.e. the Arrow IPC *file* format, which pyarrow.feather and
 * pandas.read_feather open. Reading also accepts the stream format.
 */
export const arrowCodec: TableCodec = {
  async encode(table, { subject, ipc }) {
    for (const [name, kind] of Object.entries(schemaOf(table))) {
      if (kind === "other" || kind === "mixed" || kind === "bytes" || kind === "surrogates") {
        const what =
          kind === "mixed" ? "values of several types"
          : kind === "bytes" ? "binary cells, which Arrow would give back as Int8Array lists"
          : kind === "surrogates" ? SURROGATES
          : "values that are not data (class instances, Maps, functions...)";
        throw cannotHold(subject, "arrow", `column \`${name}\` holds ${what}`);
      }
    }
    // Re-framing the fingerprint's IPC stream as a file is ~10x cheaper than encoding again.
    const stream = ipc ?? tableToIpcStream(table, subject, "arrow");
    return { bytes: tableToIPC(tableFromIPC(stream), { format: "file" }) as Uint8Array };
  },
  async decode(bytes, { subject }) {
    try {
      return ipcToTable(bytes, subject, "arrow");
    } catch (error) {
      // Compressed buffers (pyarrow's compression="zstd"/"lz4"): load the codecs, once, and retry.
      if (!/Missing compression codec/.test(String((error as Error).message)) || !(await registerIpcCodecs())) throw error;
      return ipcToTable(bytes, subject, "arrow");
    }
  },
};

let registered: Promise<boolean> | undefined;

/**
 * Registers flechette's LZ4_FRAME and ZSTD buffer codecs (decoding only: Sluice writes Arrow
 * uncompressed) the first time a compressed file shows up. False when they already were.
 */
async function registerIpcCodecs(): Promise<boolean> {
  if (registered) {
    await registered;
    return false;
  }
  registered = (async () => {
    const [{ decompressZstd }, { decodeLz4Frame }] = await Promise.all([import("hyparquet-compressors"), import("./lz4Frame")]);
    const encode = () => {
      throw new Error("Sluice writes Arrow IPC uncompressed");
    };
    setCompressionCodec(CompressionType.ZSTD, { decode: (bytes, length) => decompressZstd(bytes, new Uint8Array(length)), encode });
    setCompressionCodec(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame, encode });
    return true;
  })();
  return registered;
}
