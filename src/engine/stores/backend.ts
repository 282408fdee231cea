import { createDexieFileArea, createMemoryFileArea, type FileArea } from "../files";
import { openDatabase } from "./database";
import { DexieMetadataStore, DexieResultStore, DexieRunLog } from "./dexie";
import { MemoryMetadataStore, MemoryResultStore, MemoryRunLog } from "./memory";
import { storage } from "./storageError";
import { openBodyStore, type BodyStore } from "./opfs";
import type { RunMetadata } from "./runMetadata";
import type { MetadataEntry, MetadataStore, ResultStore, RunLog, StoredResult } from "./types";

/** Everything a cache keeps: metadata, results, the run history and the file area. */
export interface CacheBackend {
  kind: "indexeddb" | "memory";
  name: string;
  metadataStore: MetadataStore;
  resultStore: ResultStore;
  runLog: RunLog;
  files: FileArea;
  /** The cache's own settings, kept with it (absent: none can be kept). */
  limits?: CacheLimits;
  /** Optional: a run's metadata in one call (absent: read from the stores, see runMetadata.ts). */
  runMetadata?(nodeNames: readonly string[]): Promise<RunMetadata | undefined>;
  /**
   * Optional: a write batch's results, then the entries pointing at them, in one call (a backend
   * in another realm: one round trip instead of two). The entries are written only once the
   * results are, so a key never points at a result that isn't wholly stored.
   */
  storeBatch?(results: readonly StoredResult[], entries: readonly MetadataEntry[]): Promise<void>;
}

/** How big the results may grow; past it, the least recently used go after a run that wrote. */
export interface CacheLimits {
  get(): Promise<{ maxBytes?: number }>;
  set(limits: { maxBytes?: number }): Promise<void>;
}

export const DEFAULT_CACHE_PATH = "sluice_cache";

/**
 * The default: one IndexedDB database named `path`, shared by every driver that names it. Large
 * bodies go to OPFS where this realm can write it synchronously (the engine worker); `bodies`
 * names another place for them (tests), `null` keeps every body in IndexedDB.
 */
export function createIndexedDbBackend(path: string = DEFAULT_CACHE_PATH, options: { bodies?: BodyStore | null } = {}): CacheBackend {
  const db = openDatabase(path);
  const bodies = options.bodies === undefined ? openBodyStore(path) : (options.bodies ?? undefined);
  return {
    kind: "indexeddb",
    name: path,
    metadataStore: new DexieMetadataStore(db),
    resultStore: new DexieResultStore(db, bodies),
    runLog: new DexieRunLog(db),
    files: createDexieFileArea(db, bodies),
    limits: {
      get: async () => ((await storage("read the cache settings", () => db.settings.get("limits")))?.value as { maxBytes?: number } | undefined) ?? {},
      set: async (limits) => void (await storage("save the cache settings", () => db.settings.put({ key: "limits", value: limits }))),
    },
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
    limits: memoryLimits(),
  };
}

function memoryLimits(): CacheLimits {
  let kept: { maxBytes?: number } = {};
  return {
    get: async () => ({ ...kept }),
    set: async (limits) => void (kept = { ...limits }),
  };
}
