import Dexie, { type Table } from "dexie";
import type { MetadataEntry, StoredResult } from "./types";
import type { RunRecord } from "./runRecord";

export type ResultHeader = Omit<StoredResult, "bytes" | "data">;
export interface ResultBody {
  dataVersion: string;
  bytes?: Uint8Array;
  data?: unknown;
}

/** A run record as stored: events packed into one JSON string (see DexieRunLog). */
export type StoredRun = Omit<RunRecord, "events"> & { events: RunRecord["events"] | string };

/** A file in the user's file area (SPEC.md §1 `files`): uploads, saver outputs, cached formats. */
export interface FileRecord {
  name: string;
  bytes: Uint8Array;
  /** `csv`, `json`, `parquet`, `arrow` or `bin`. */
  format: string;
  size: number;
  updatedAt: number;
  /** Where it came from: `upload`, `saver:<node>`, `cache:<node>`. */
  origin: string;
  /** The OPFS file holding a large body (stores/opfs.ts); absent: the body is in `fileBodies`. */
  body?: string;
  /** xxhash128 of an OPFS body, checked when it is read back. */
  checksum?: string;
}

/**
 * One IndexedDB database holds a whole cache: metadata, results and files (headers apart from
 * bodies, so that listing and `has` never read bytes), the run log and the file area.
 */
export class SluiceDatabase extends Dexie {
  metadata!: Table<MetadataEntry, string>;
  results!: Table<ResultHeader, string>;
  bodies!: Table<ResultBody, string>;
  runs!: Table<StoredRun, string>;
  files!: Table<Omit<FileRecord, "bytes">, string>;
  fileBodies!: Table<{ name: string; bytes: Uint8Array }, string>;
  /** Cache-wide settings (the size limit), one row per key. */
  settings!: Table<{ key: string; value: unknown }, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      metadata: "cacheKey, nodeName, dataVersion",
      results: "dataVersion",
      bodies: "dataVersion",
      runs: "runId, startedAt",
      files: "name, updatedAt",
      fileBodies: "name",
    });
    // Version 2 (issue 11): results are indexed by when they were last used, for LRU eviction
    // (results written by version 1 count as last used when they were made), and the cache keeps
    // its own settings.
    this.version(2)
      .stores({ results: "dataVersion, lastUsedAt", settings: "key" })
      .upgrade((tx) =>
        tx
          .table<ResultHeader, string>("results")
          .toCollection()
          .modify((header) => {
            header.lastUsedAt ??= header.createdAt;
          }),
      );
  }
}

const open = new Map<string, SluiceDatabase>();

/** Databases are shared by name within a realm, like Hamilton drivers sharing `./.hamilton_cache`. */
export function openDatabase(name: string): SluiceDatabase {
  let db = open.get(name);
  if (!db) {
    db = new SluiceDatabase(name);
    open.set(name, db);
  }
  return db;
}
