import type { CacheBackend } from "../stores/backend";
import { readRunMetadata } from "../stores/runMetadata";
import type { CacheKey, DataVersion, StorageFormat } from "../types";

/**
 * The run's view of the stores' metadata. A key depends on its dependencies' data versions, so
 * look-ups cannot be batched key by key; instead every entry of the planned nodes and the headers
 * of their results are read once, before the first node (one backend call, stores/runMetadata.ts),
 * and each visit asks memory. (One small IndexedDB get costs 0.2–0.9 ms; a 500-node chain paid
 * two per node.) Stores without the batch methods are asked one key at a time, as before.
 */
export function createLookup(backend: CacheBackend) {
  const { metadataStore, resultStore } = backend;
  let keys: Map<string, DataVersion> | undefined;
  const formats = new Map<string, StorageFormat | undefined>();
  /** Results the store held when the run began (from the prefetch), for explaining early cutoff. */
  let held: Set<string> | undefined;
  const lastUsed = new Map<string, number>();
  /** Results stored after the prefetch, by this run's own writes: not what a hit decides by. */
  const written = new Set<string>();
  /** Results a published layer holds, not this cache: `published:<slug>` (stores/layered.ts). */
  const layered = new Map<string, string>();

  return {
    async prefetch(nodeNames: readonly string[]): Promise<void> {
      if (nodeNames.length === 0) return;
      const read = await (backend.runMetadata ? backend.runMetadata(nodeNames) : readRunMetadata(backend, nodeNames));
      if (!read) return;
      keys = new Map(read.entries.map((e) => [e.cacheKey, e.dataVersion]));
      // Every version a key names is known: absent unless the store holds it.
      for (const entry of read.entries) formats.set(entry.dataVersion, undefined);
      for (const result of read.results) {
        formats.set(result.dataVersion, result.format);
        if (result.lastUsedAt !== undefined) lastUsed.set(result.dataVersion, result.lastUsedAt);
        if (result.from !== undefined) layered.set(result.dataVersion, result.from);
      }
      held = new Set(read.results.map((r) => r.dataVersion));
    },
    /** The data version recorded for a key, or undefined on a miss. */
    dataVersion(cacheKey: CacheKey): Promise<DataVersion | undefined> | DataVersion | undefined {
      return keys ? keys.get(cacheKey) : metadataStore.get(cacheKey);
    },
    /** Whether a result is stored (in `format`, when given). */
    async hasResult(dataVersion: DataVersion, format?: StorageFormat): Promise<boolean> {
      if (formats.has(dataVersion)) {
        const stored = formats.get(dataVersion);
        return stored !== undefined && (format === undefined || stored === format);
      }
      return resultStore.has(dataVersion, format);
    },
    /**
     * Whether a hit may count on this result: stored before the run (and not dropped since). This
     * run's own writes are left out: when they land is a matter of timing (they are batched, and
     * held in a parallel run), and a hit must not depend on it; a node's ancestors' values are
     * asked separately (run.ts `producedUpstream`).
     */
    async storedBefore(dataVersion: DataVersion): Promise<boolean> {
      if (written.has(dataVersion)) return false;
      return this.hasResult(dataVersion);
    },
    /** The published layer that holds a result this cache does not (undefined: the cache's own). */
    from(dataVersion: DataVersion): string | undefined {
      return layered.get(dataVersion);
    },
    /** Known without asking the store: a result read in the prefetch or written by this run. */
    knownFormat(dataVersion: DataVersion): StorageFormat | undefined {
      return formats.get(dataVersion);
    },
    /** Whether the store held this result before the run; undefined when the stores cannot say cheaply. */
    heldBefore(dataVersion: DataVersion): boolean | undefined {
      return held?.has(dataVersion);
    },
    remember(dataVersion: DataVersion, format: StorageFormat): void {
      if (formats.get(dataVersion) === undefined) written.add(dataVersion);
      formats.set(dataVersion, format);
      layered.delete(dataVersion);
      lastUsed.set(dataVersion, Date.now());
    },
    /** When a result was last marked used, as read before the run (undefined: unknown). */
    lastUsed(dataVersion: DataVersion): number | undefined {
      return lastUsed.get(dataVersion);
    },
    /** A result dropped during the run (corrupt): it must be written again, not assumed stored. */
    forget(dataVersion: DataVersion): void {
      formats.set(dataVersion, undefined);
      layered.delete(dataVersion);
    },
  };
}

export type Lookup = ReturnType<typeof createLookup>;
