import type { FileFormat } from "../formats";
import type { ColumnSchema } from "../formats";
import type { FileRecord } from "../stores/database";

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
  /** Tables go through the format's codec; `json` also takes plain values; `bin` takes bytes. */
  write(name: string, value: unknown, format?: FileFormat, origin?: string): Promise<FileInfo>;
  /** Tables come back as Arquero tables; JSON that is not table-shaped comes back as its value. */
  read(name: string, format?: FileFormat): Promise<unknown>;
  readBytes(name: string): Promise<Uint8Array>;
  /** A user's file, kept byte for byte once its bytes are checked against its extension. */
  upload(name: string, bytes: Uint8Array): Promise<FileInfo>;
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
}
