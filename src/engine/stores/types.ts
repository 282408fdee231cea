import type { CacheKey, CodeVersion, DataVersion, StorageFormat } from "../types";

/** What the metadata store remembers for one cache key (last write wins, see SPEC.md §3). */
export interface MetadataEntry {
  cacheKey: CacheKey;
  dataVersion: DataVersion;
  nodeName: string;
  codeVersion: CodeVersion;
  runId: string;
  updatedAt: number;
}

/** A result as it sits in the result store: encoded bytes or structured data, never code. */
export interface StoredResult {
  dataVersion: DataVersion;
  format: StorageFormat;
  /** Present for byte formats (Arrow IPC, parquet, csv, json text). */
  bytes?: Uint8Array;
  /** Present for `native` non-table values: structured-clone-safe data. */
  data?: unknown;
  /** How to turn the stored thing back into the value (`table`, `value`, `series`...). */
  kind: "table" | "value";
  /** A grouped table's group columns: no format holds them, so they are kept beside the bytes. */
  groupby?: string[];
  byteLength: number;
  createdAt: number;
  /**
   * xxhash128 of the body, checked on every read (stores/integrity.ts). Absent for native tables
   * stored as Arrow IPC under fp1, whose data version is already a hash of those bytes, and for
   * results written before checksums existed (re-verified by fingerprinting the decoded value).
   */
  checksum?: string;
  /** When a run last hit or read it (stores set it to `createdAt` on write); eviction takes the oldest first. */
  lastUsedAt?: number;
  /** Pinned results are never evicted. */
  pinned?: boolean;
  /** The OPFS file holding the body when it is large (stores/opfs.ts); absent: the body is in IndexedDB. */
  body?: string;
  /** `clone-json`: `bytes` hold structured data as clone-JSON (a published body, stores/bundle/bodies.ts). */
  encoding?: "clone-json";
  /**
   * Set on results read from a published layer (`published:<name>`): someone else's data, so
   * on read its decoded value must also fingerprint to its data version, checksum or not.
   */
  from?: string;
}

export interface MetadataStore {
  /** The data version recorded for a key, or undefined on a miss. */
  get(cacheKey: CacheKey): Promise<DataVersion | undefined>;
  getEntry(cacheKey: CacheKey): Promise<MetadataEntry | undefined>;
  getMany(cacheKeys: readonly CacheKey[]): Promise<(DataVersion | undefined)[]>;
  set(entry: MetadataEntry): Promise<void>;
  /** Optional batch forms: a run reads its nodes' entries once and writes its entries together. */
  entriesFor?(nodeNames: readonly string[]): Promise<MetadataEntry[]>;
  setMany?(entries: readonly MetadataEntry[]): Promise<void>;
  entries(): Promise<MetadataEntry[]>;
  /** Optional: the entries pointing at these data versions (what a listing of them shows). */
  entriesForVersions?(dataVersions: readonly DataVersion[]): Promise<MetadataEntry[]>;
  /** Drops every entry pointing at these data versions (a corrupt or evicted result). */
  deleteForVersions?(dataVersions: readonly DataVersion[]): Promise<void>;
  deleteAll(): Promise<void>;
}

export interface ResultStore {
  /**
   * The decoded value for a data version, checked against its version or checksum first; throws
   * STORAGE when absent, and STORAGE with `details.corrupt` (having dropped it) when corrupt.
   */
  get(dataVersion: DataVersion): Promise<unknown>;
  getStored(dataVersion: DataVersion): Promise<StoredResult | undefined>;
  /** Whether a result exists (in `format`, when given), without reading its bytes. */
  has(dataVersion: DataVersion, format?: StorageFormat): Promise<boolean>;
  hasMany(dataVersions: readonly DataVersion[]): Promise<boolean[]>;
  set(result: StoredResult): Promise<void>;
  /** Optional batch forms: each data version's stored format (undefined when absent), and a write of several results at once (all or none). */
  formats?(dataVersions: readonly DataVersion[]): Promise<(StorageFormat | undefined)[]>;
  setMany?(results: readonly StoredResult[]): Promise<void>;
  list(): Promise<Omit<StoredResult, "bytes" | "data">[]>;
  delete?(dataVersions: readonly DataVersion[]): Promise<void>;
  /** Optional batch form: each data version's header (undefined when absent), bytes unread. */
  headers?(dataVersions: readonly DataVersion[]): Promise<(Omit<StoredResult, "bytes" | "data"> | undefined)[]>;
  /** Marks results as used now; runs call it once, at the end, for everything they hit or read. */
  touch?(dataVersions: readonly DataVersion[], at: number): Promise<void>;
  setPinned?(dataVersions: readonly DataVersion[], pinned: boolean): Promise<void>;
  deleteAll(): Promise<void>;
}

/** Where runs are kept for history: survives a reload with IndexedDB. */
export interface RunLog {
  put(run: import("./runRecord").RunRecord): Promise<void>;
  get(runId: string): Promise<import("./runRecord").RunRecord | undefined>;
  /** Oldest first. */
  list(): Promise<import("./runRecord").RunRecord[]>;
  /**
   * Oldest first, without events. Listed after every run, so a log that stores events apart (as
   * one JSON string) need not read them back: 300 runs' events are megabytes.
   */
  heads?(): Promise<import("./runRecord").RunHead[]>;
  /** Keeps the newest `keep` runs (by start) and deletes the rest; returns how many went. */
  prune?(keep: number): Promise<number>;
  deleteAll(): Promise<void>;
}
