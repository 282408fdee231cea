import { createDexieFileArea, createMemoryFileArea, type FileArea } from "../files";
import { openDatabase } from "./database";
import { DexieMetadataStore, DexieResultStore, DexieRunLog } from "./dexie";
import { MemoryMetadataStore, MemoryResultStore, MemoryRunLog } from "./memory";
import type { MetadataStore, ResultStore, RunLog } from "./types";

/** Everything a cache keeps: metadata, results, the run history and the file area. */
export interface CacheBackend {
  kind: "indexeddb" | "memory";
  name: string;
  metadataStore: MetadataStore;
  resultStore: ResultStore;
  runLog: RunLog;
  files: FileArea;
}

export const DEFAULT_CACHE_PATH = "sluice_cache";

/** The default: one IndexedDB database named `path`, shared by every driver that names it. */
export function createIndexedDbBackend(path: string = DEFAULT_CACHE_PATH): CacheBackend {
  const db = openDatabase(path);
  return {
    kind: "indexeddb",
    name: path,
    metadataStore: new DexieMetadataStore(db),
    resultStore: new DexieResultStore(db),
    runLog: new DexieRunLog(db),
    files: createDexieFileArea(db),
  };
}

/** A cache for this tab (or test) only. Reuse the same backend object to share it between drivers. */
export function createMemoryBackend(name = "memory"): CacheBackend {
  return {
    kind: "memory",
    name,
    metadataStore: new MemoryMetadataStore(),
    resultStore: new MemoryResultStore(),
    runLog: new MemoryRunLog(),
    files: createMemoryFileArea(),
  };
}
