import { assertNever } from "../errors";
import type { StorageFormat } from "../types";
import { arrowCodec } from "./arrow";
import type { TableCodec, TableFormat } from "./codec";
import { csvCodec } from "./csv";
import { cannotHold, nodeSubject } from "./errors";
import { decodeJsonValue, encodeJsonValue, jsonCodec } from "./json";
import { fromCloneable, storedTable, tableToMarker, toCloneable } from "./native";
import { parquetCodec } from "./parquet";
import { readCloneJson } from "../stores/bundle/bodies";
import type { ParquetCompression } from "./parquetCompression";
import { isTable, type ColumnSchema } from "./table";

export { isTable, narrowBigInts } from "./table";
export type { ColumnKind, ColumnSchema } from "./table";
export type { FileFormat, TableFormat, TableCodec } from "./codec";
export { cannotHold, cannotRead, fileSubject, nodeSubject, noSuchColumns, type Subject } from "./errors";
export { looksLikeTable, encodeJsonValue, decodeJsonValue } from "./json";
export { checkCompression, PARQUET_COMPRESSIONS, type ParquetCompression } from "./parquetCompression";
export { checkCsvOptions, CSV_COLUMN_TYPES, type CsvColumnType, type CsvReadOptions } from "./csvOptions";

/** One codec per table format; the file area uses the same ones. */
export function tableCodec(format: TableFormat): TableCodec {
  switch (format) {
    case "json":
      return jsonCodec;
    case "csv":
      return csvCodec;
    case "parquet":
      return parquetCodec;
    case "arrow":
      return arrowCodec;
    default:
      return assertNever(format, "table format");
  }
}

export interface EncodedResult {
  format: StorageFormat;
  kind: "table" | "value";
  /** A grouped table's group columns (set by the runner), re-applied on decode. */
  groupby?: string[];
  /** Byte formats, and native tables (Arrow IPC stream). */
  bytes?: Uint8Array;
  /** Native non-table values (structured-clone data); for CSV/JSON tables, the ColumnSchema. */
  data?: unknown;
  byteLength: number;
  /** Set by the runner when the stored bytes need a checksum (stores/integrity.ts). */
  checksum?: string;
}

type Stored = Pick<EncodedResult, "format" | "kind" | "bytes" | "data"> & { encoding?: "clone-json" };

/**
 * Encode a node's value for the result store. Never stores code: reading back evaluates nothing.
 * Throws SluiceError("BAD_OPTION") naming the node and format when the format can't hold the value.
 * @example const enc = await encodeResult(aq.table({ a: [1] }), "parquet", "processed_data");
 */
export async function encodeResult(
  value: unknown,
  format: StorageFormat,
  nodeName: string,
  opts: { kinds?: ColumnSchema; compression?: ParquetCompression } = {},
): Promise<EncodedResult> {
  const subject = nodeSubject(nodeName);
  if (format === "native") {
    if (isTable(value)) {
      const marker = tableToMarker(value, subject, opts.kinds);
      if (marker.ipc) return { format, kind: "table", bytes: marker.ipc, byteLength: marker.ipc.byteLength };
      return { format, kind: "table", data: marker, byteLength: approximateSize(marker) };
    }
    const data = toCloneable(value, subject, "the value", new Map());
    return { format, kind: "value", data, byteLength: approximateSize(data) };
  }
  if (isTable(value)) {
    const { bytes, schema } = await tableCodec(format).encode(value, { subject, compression: opts.compression });
    return { format, kind: "table", bytes, data: schema, byteLength: bytes.byteLength };
  }
  if (format === "json") {
    const bytes = encodeJsonValue(value, subject);
    return { format, kind: "value", bytes, byteLength: bytes.byteLength };
  }
  throw cannotHold(subject, format, `\`${format}\` holds Arquero tables only, and this value is ${describe(value)}`);
}

/**
 * Turn a stored result back into its value: tables as Arquero tables with the same columns,
 * values and row order (docs/formats.md lists the few type changes).
 * @example const table = await decodeResult(await resultStore.getStored(dataVersion));
 */
export async function decodeResult(stored: Stored & { groupby?: string[] }, nodeName = "(stored result)"): Promise<unknown> {
  // A published body of structured data: its bytes are clone-JSON (stores/bundle/bodies.ts).
  const plain = stored.encoding === "clone-json" ? { ...stored, bytes: undefined, data: readCloneJson(stored.bytes ?? new Uint8Array()) } : stored;
  const value = await decodeUngrouped(plain, nodeName);
  // Grouping is not in the bytes of any format; it is kept beside them and put back here.
  return stored.groupby && isTable(value) ? value.groupby(stored.groupby) : value;
}

async function decodeUngrouped(stored: Stored, nodeName: string): Promise<unknown> {
  const subject = nodeSubject(nodeName);
  if (stored.format === "native") {
    if (stored.kind === "table" && stored.bytes) return storedTable(stored.bytes, subject);
    // Tables without bytes are markers (nested cells), which the walk turns back into tables.
    return fromCloneable(stored.data, subject, new Map());
  }
  const bytes = stored.bytes ?? new Uint8Array();
  if (stored.kind === "table") {
    return tableCodec(stored.format).decode(bytes, { subject, schema: stored.data as ColumnSchema | undefined });
  }
  return decodeJsonValue(bytes, subject);
}

/** The file name extension for a stored result, so a download opens in the right tool. */
export function fileExtension(format: StorageFormat, kind: "table" | "value" = "table"): string {
  switch (format) {
    case "parquet":
      return ".parquet";
    case "arrow":
      return ".arrow";
    case "csv":
      return ".csv";
    case "json":
      return ".json";
    case "native":
      return kind === "table" ? ".arrow" : ".json";
    default:
      return assertNever(format, "format");
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const kind = typeof value === "object" ? ((value as object).constructor?.name ?? "object") : typeof value;
  return `${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind}`;
}

/** A rough size for listing results; exact byte counts only exist for byte formats. */
function approximateSize(data: unknown, seen = new Set<object>()): number {
  if (data === null || data === undefined || typeof data === "boolean") return 1;
  if (typeof data === "number" || typeof data === "bigint") return 8;
  if (typeof data === "string") return 2 * data.length;
  if (typeof data !== "object" || seen.has(data)) return 0;
  seen.add(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof Date) return 8;
  let size = 0;
  const items = data instanceof Map ? [...data].flat() : data instanceof Set ? [...data] : Object.values(data);
  for (const item of items) size += approximateSize(item, seen);
  return size;
}
