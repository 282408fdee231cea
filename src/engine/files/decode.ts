import {
  decodeJsonValue,
  isTable,
  noSuchColumns,
  looksLikeTable,
  narrowBigInts,
  tableCodec,
  type ColumnSchema,
  type CsvReadOptions,
  type FileFormat,
  type Subject,
} from "../formats";
import { isSluiceError, SluiceError } from "../errors";
import { badFile, endsOf, endsProblem } from "./problems";

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: "csv",
  tsv: "csv",
  tab: "csv",
  json: "json",
  parquet: "parquet",
  pq: "parquet",
  arrow: "arrow",
  feather: "arrow",
  arrows: "arrow",
  ipc: "arrow",
};

/** The format a name's extension says (`data.csv` -> csv), or undefined when it says nothing. */
export function formatFromName(name: string): FileFormat | undefined {
  const path = name.split(/[?#]/, 1)[0];
  const dot = path.lastIndexOf(".");
  return dot < 0 ? undefined : BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

/**
 * File bytes to a value: a table for csv/parquet/arrow and table-shaped JSON, the parsed value
 * for other JSON, the bytes for `bin`. Integer columns that fit in a JS number come back as
 * numbers (pandas writes every integer as INT64), see `narrowBigInts`.
 */
export async function decodeFile(
  bytes: Uint8Array,
  format: FileFormat,
  subject: Subject,
  schema?: ColumnSchema,
  csv?: CsvReadOptions,
  columns?: readonly string[],
): Promise<unknown> {
  const value = await decodeWhole(bytes, format, subject, schema, csv, columns);
  return columns ? onlyColumns(value, columns, subject) : value;
}

/** The table's columns that `columns` names, in that order; a name the table lacks is the caller's mistake. */
function onlyColumns(value: unknown, columns: readonly string[], subject: Subject): unknown {
  if (!isTable(value)) throw new SluiceError("BAD_OPTION", `${subject.label}: \`columns\` applies to a file that holds a table`, { option: "columns" });
  const names = value.columnNames();
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length > 0) throw noSuchColumns(subject, missing, names);
  return value.select([...columns]);
}

async function decodeWhole(
  bytes: Uint8Array,
  format: FileFormat,
  subject: Subject,
  schema: ColumnSchema | undefined,
  csv: CsvReadOptions | undefined,
  columns: readonly string[] | undefined,
): Promise<unknown> {
  if (format === "bin") return bytes;
  if (format === "json" && !schema) {
    let json: unknown;
    try {
      json = decodeJsonValue(bytes, subject);
    } catch (error) {
      if (subject.file === undefined) throw error;
      throw badFile(subject.file, format, bytes, error);
    }
    if (!looksLikeTable(json)) return json;
  }
  const exact = schema && !csv;
  try {
    // Parquet reads only what is asked for (a name it lacks is read as nothing, and found missing above).
    const table = await tableCodec(format).decode(bytes, { subject, schema: exact ? schema : undefined, csv, columns });
    // Arrow is decoded lazily: a damaged length or offset would throw later, in a node's code.
    // Every value is visited once here, so a file that reads, reads whole.
    if (format === "arrow") for (const name of table.columnNames()) for (const _ of table.column(name) as Iterable<unknown>) void _;
    return exact ? table : narrowBigInts(table, Object.keys(csv?.types ?? {}));
  } catch (error) {
    // A choice the reader refused (a CSV option, say) is the caller's; anything else is the file.
    if (subject.file === undefined || (isSluiceError(error) && error.code === "BAD_OPTION")) throw error;
    throw badFile(subject.file, format, bytes, error);
  }
}

/**
 * Why uploaded bytes are not what their extension claims, or undefined when they look right:
 * a mislabelled or cut-off file is refused at upload rather than when a node first reads it.
 */
export function bytesProblem(bytes: Uint8Array, format: FileFormat): string | undefined {
  const text = format === "json" ? new TextDecoder().decode(bytes) : undefined;
  return endsProblem(endsOf(bytes), format, bytes.subarray(0, 65536), text);
}

/** JSON uploads up to this size are parsed to check them; past it only their first bytes are looked at. */
const JSON_CHECK_BYTES = 64 * 2 ** 20;

/**
 * `bytesProblem` for a file not yet read: only its first and last bytes are read (the magic
 * numbers, a footer's length), so a 500 MB upload is checked without holding it in memory.
 */
export async function blobProblem(blob: Blob, format: FileFormat): Promise<string | undefined> {
  const read = async (from: number, to: number) => new Uint8Array(await blob.slice(from, to).arrayBuffer());
  if (format === "json" && blob.size <= JSON_CHECK_BYTES) return bytesProblem(await read(0, blob.size), format);
  const [start, tail] = await Promise.all([read(0, Math.min(blob.size, 65536)), read(Math.max(0, blob.size - 10), blob.size)]);
  if (format === "json") {
    const first = new TextDecoder().decode(start.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart()[0];
    if (first !== "{" && first !== "[") return "is not JSON: it starts with neither { nor [";
  }
  return endsProblem({ head: start.subarray(0, 8), tail, size: blob.size }, format, start);
}

/** How much of a Blob is read at a time: small next to any file, large enough that 500 MB is 500 reads. */
export const CHUNK_BYTES = 2 ** 20;

/** A Blob's bytes as chunks, each read from disk when wanted: never all of it in memory at once. */
export async function* blobChunks(blob: Blob, chunkBytes = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += chunkBytes) yield new Uint8Array(await blob.slice(at, at + chunkBytes).arrayBuffer());
}
