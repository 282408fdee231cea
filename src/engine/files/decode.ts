import {
  decodeJsonValue,
  looksLikeTable,
  narrowBigInts,
  tableCodec,
  type ColumnSchema,
  type CsvReadOptions,
  type FileFormat,
  type Subject,
} from "../formats";

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
): Promise<unknown> {
  if (format === "bin") return bytes;
  if (format === "json" && !schema) {
    const json = decodeJsonValue(bytes, subject);
    if (!looksLikeTable(json)) return json;
  }
  const exact = schema && !csv;
  const table = await tableCodec(format).decode(bytes, { subject, schema: exact ? schema : undefined, csv });
  return exact ? table : narrowBigInts(table, Object.keys(csv?.types ?? {}));
}

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

/**
 * Why uploaded bytes are not what their extension claims, or undefined when they look right:
 * a mislabelled file is refused at upload rather than when a node first reads it.
 */
export function bytesProblem(bytes: Uint8Array, format: FileFormat): string | undefined {
  switch (format) {
    case "parquet":
      if (bytes.length < 8 || !startsWith(bytes, PAR1) || !startsWith(bytes, PAR1, bytes.length - 4)) {
        return "not a Parquet file (no PAR1 magic)";
      }
      return undefined;
    case "arrow": {
      // Feather v2 / IPC file starts with ARROW1; an IPC stream with the 0xFFFFFFFF continuation.
      const stream = bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
      return startsWith(bytes, ARROW1) || stream ? undefined : "not an Arrow IPC file or stream";
    }
    case "json":
      try {
        JSON.parse(new TextDecoder().decode(bytes));
        return undefined;
      } catch (error) {
        return `not JSON (${(error as Error).message})`;
      }
    case "csv":
    case "bin":
      return undefined;
  }
}

/** JSON uploads up to this size are parsed to check them; past it only their first byte is looked at. */
const JSON_CHECK_BYTES = 64 * 2 ** 20;

/**
 * `bytesProblem` for a file not yet read: only its first and last bytes are read (the magic
 * numbers), so a 500 MB upload is checked without holding it in memory.
 */
export async function blobProblem(blob: Blob, format: FileFormat): Promise<string | undefined> {
  const read = async (from: number, to: number) => new Uint8Array(await blob.slice(from, to).arrayBuffer());
  switch (format) {
    case "parquet":
    case "arrow": {
      if (blob.size < 16) return bytesProblem(await read(0, blob.size), format);
      const [head, tail] = await Promise.all([read(0, 8), read(blob.size - 8, blob.size)]);
      const ends = new Uint8Array(16);
      ends.set(head);
      ends.set(tail, 8);
      return bytesProblem(ends, format);
    }
    case "json": {
      if (blob.size <= JSON_CHECK_BYTES) return bytesProblem(await read(0, blob.size), format);
      const first = new TextDecoder().decode(await read(0, 1024)).trimStart()[0];
      return first === "{" || first === "[" ? undefined : "not JSON (it starts with neither { nor [)";
    }
    case "csv":
    case "bin":
      return undefined;
  }
}

/** How much of a Blob is read at a time: small next to any file, large enough that 500 MB is 500 reads. */
export const CHUNK_BYTES = 2 ** 20;

/** A Blob's bytes as chunks, each read from disk when wanted: never all of it in memory at once. */
export async function* blobChunks(blob: Blob, chunkBytes = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += chunkBytes) yield new Uint8Array(await blob.slice(at, at + chunkBytes).arrayBuffer());
}
