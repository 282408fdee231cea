import type { ColumnTable } from "arquero";
import type { ColumnSchema } from "./table";
import type { Subject } from "./errors";
import type { ParquetCompression } from "./parquetCompression";
import type { CsvReadOptions } from "./csvOptions";

/** The formats a file can have; `bin` is raw bytes. */
export type FileFormat = "csv" | "json" | "parquet" | "arrow" | "bin";
export type TableFormat = "csv" | "json" | "parquet" | "arrow";

export interface EncodeContext {
  subject: Subject;
  /** Arrow IPC stream bytes of the table, when the caller already has them. */
  ipc?: Uint8Array;
  /** Parquet only: how pages are compressed (snappy when not given). */
  compression?: ParquetCompression;
}

export interface DecodeContext {
  subject: Subject;
  /**
   * Column kinds recorded at encode time. With it, CSV/JSON come back with their exact types;
   * without it (an uploaded file) types are inferred, as pandas' read_csv does.
   */
  schema?: ColumnSchema;
  /** CSV only: delimiter, header and per-column types for a file someone brings. */
  csv?: CsvReadOptions;
  /** Parquet only: the columns to read (the rest are never decoded), by name. */
  columns?: readonly string[];
}

/**
 * One codec per table format, shared by the result store and the file area so that a cached
 * `processed_data.parquet` and a `files.write("x.parquet", ...)` are the same bytes.
 */
export interface TableCodec {
  encode(table: ColumnTable, ctx: EncodeContext): Promise<{ bytes: Uint8Array; schema?: ColumnSchema }>;
  decode(bytes: Uint8Array, ctx: DecodeContext): Promise<ColumnTable>;
}

export const utf8 = {
  encode: (text: string): Uint8Array => new TextEncoder().encode(text),
  decode: (bytes: Uint8Array): string => new TextDecoder().decode(bytes),
};
