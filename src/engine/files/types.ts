import type { FileFormat } from "../formats";
import type { ColumnSchema } from "../formats";
import type { FileRecord } from "../stores/database";
import type { FileReadOptions, FileWriteOptions } from "./options";

export type { FileFormat };

/** What `list()` shows: everything about a file but its bytes. */
export interface FileInfo {
  name: string;
  format: FileFormat;
  size: number;
  updatedAt: number;
  /** `upload`, `node` (written by node code), `saver:<node>`, `cache:<node>`... */
  origin: string;
}

/**
 * The file area of SPEC.md §1 `files`: uploads, saver outputs and cached formats, listed and
 * downloadable in the UI, readable and writable by node code.
 * @example await files.write("saved.parquet", table); const back = await files.read("saved.parquet");
 */
export interface FileArea {
  /**
   * Tables go through the format's codec; `json` also takes plain values; `bin` takes bytes.
   * `options` is a format or `{ format, compression }` (Parquet: snappy, zstd, gzip, none).
   */
  write(name: string, value: unknown, options?: FileFormat | FileWriteOptions, origin?: string): Promise<FileInfo>;
  /**
   * Tables come back as Arquero tables; JSON that is not table-shaped comes back as its value.
   * `options` is a format or `{ format, delimiter, header, types }` (the last three for CSV).
   */
  read(name: string, options?: FileFormat | FileReadOptions): Promise<unknown>;
  readBytes(name: string): Promise<Uint8Array>;
  /**
   * A user's file, kept byte for byte once its bytes are checked against its extension. A large
   * Blob (a File the page posted) is streamed to disk where the store can (OPFS), never read
   * whole; `onProgress` is told how many bytes are stored so far.
   */
  upload(name: string, source: Uint8Array | Blob, onProgress?: (bytes: number) => void): Promise<FileInfo>;
  list(): Promise<FileInfo[]>;
  delete(name: string): Promise<void>;
  deleteAll(): Promise<void>;
  /** The bytes store under it: a compute realm encodes and decodes on its side and sends bytes here. */
  readonly store: FileBackend;
}

/**
 * A file as kept. `schema` (column kinds recorded when the engine wrote a table as CSV or JSON)
 * lets a written table read back with its exact types; uploads have none and are inferred.
 * It is an unindexed extra property, so the Dexie schema of `files` does not change.
 */
export type StoredFile = FileRecord & { schema?: ColumnSchema };

/** Where files live: the `files` table of IndexedDB, or a Map. */
export interface FileBackend {
  get(name: string): Promise<StoredFile | undefined>;
  put(file: StoredFile): Promise<void>;
  /** Every file without its bytes. */
  headers(): Promise<Omit<StoredFile, "bytes" | "schema">[]>;
  delete(name: string): Promise<void>;
  clear(): Promise<void>;
  /** Optional: writes a large body from a stream (OPFS), flushed before its header commits. */
  putStream?(header: Omit<StoredFile, "bytes">, chunks: AsyncIterable<Uint8Array>, onWritten?: (bytes: number) => void): Promise<void>;
  /** Optional: removes bodies no header names (a crash mid-upload); returns what went. */
  sweep?(now?: number): Promise<string[]>;
}
