import type { DataVersion } from "../types";
import type { CacheBackend } from "./backend";
import { isCorruptResult } from "./integrity";
import { readRunMetadata, type RunMetadata } from "./runMetadata";
import type { MetadataEntry, MetadataStore, ResultStore, StoredResult } from "./types";

type Held = RunMetadata["results"][number];

/** Tabs (their engine workers) sharing a database say when they changed it; see `withMirror`. */
export const MIRROR_CHANNEL = "sluice-cache-mirror";
/** Loads that saw a write land meanwhile are retried this many times, then left to the next run. */
const LOAD_TRIES = 3;

interface Notice {
  path: string;
  from: string;
}

/**
 * An IndexedDB cache whose run metadata (every key, and which results are held) is also kept in
 * memory, so a run's prefetch (`runMetadata`) reads no IndexedDB: on a warm 10k-row run the two
 * reads it replaces took 10-90 ms under load. Correct by construction, not by timing:
 * - it is loaded whole, in the background, and serves nothing until loaded; a load during which
 *   anything was written is thrown away and read again;
 * - every write through this backend (runs, the Cache panel, integrity drops) updates it once
 *   committed; a write that fails leaves it unloaded until read again;
 * - other tabs' engine workers say when they wrote (a BroadcastChannel per origin); hearing it
 *   unloads the mirror until it is read again, and runs meanwhile read IndexedDB as before.
 * A write of another tab that a run has not heard of yet is one the run is ordered before: at
 * worst it misses (and executes), or hits a key whose result was just evicted, which it finds
 * missing when it reads it and computes again (`missing_result`), exactly as when the eviction
 * lands between today's prefetch and the read.
 */
export function withMirror(backend: CacheBackend): CacheBackend & { mirrorReady(): Promise<boolean> } {
  const m = backend.metadataStore;
  const r = backend.resultStore;
  const keys = new Map<string, MetadataEntry>();
  const byNode = new Map<string, Set<string>>();
  const held = new Map<string, Held>();
  let ready = false;
  /** Bumped by every write and notice: a load that started before one is stale. */
  let changes = 0;
  let loading: Promise<boolean> | undefined;

  const self = Math.random().toString(36).slice(2);
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(MIRROR_CHANNEL) : undefined;
  // Node keeps its event loop alive for an open channel; a worker closes with its tab anyway.
  (channel as { unref?(): void } | undefined)?.unref?.();
  channel?.addEventListener("message", (event: MessageEvent<Notice>) => {
    if (event.data?.path === backend.name && event.data.from !== self) unload();
  });
  const announce = () => channel?.postMessage({ path: backend.name, from: self } satisfies Notice);

  function addEntries(entries: readonly MetadataEntry[]): void {
    for (const entry of entries) {
      const old = keys.get(entry.cacheKey);
      if (old && old.nodeName !== entry.nodeName) byNode.get(old.nodeName)?.delete(entry.cacheKey);
      keys.set(entry.cacheKey, entry);
      let names = byNode.get(entry.nodeName);
      if (!names) byNode.set(entry.nodeName, (names = new Set()));
      names.add(entry.cacheKey);
    }
  }
  function dropEntries(dataVersions: readonly DataVersion[]): void {
    const doomed = new Set<string>(dataVersions);
    for (const [key, entry] of keys) {
      if (!doomed.has(entry.dataVersion)) continue;
      keys.delete(key);
      byNode.get(entry.nodeName)?.delete(key);
    }
  }
  function addResults(results: readonly Omit<StoredResult, "bytes" | "data">[]): void {
    for (const h of results) held.set(h.dataVersion, { dataVersion: h.dataVersion, format: h.format, lastUsedAt: h.lastUsedAt ?? h.createdAt });
  }
  function clear(): void {
    keys.clear();
    byNode.clear();
    held.clear();
  }

  function unload(): void {
    ready = false;
    changes++;
    clear();
    void load();
  }

  /** Reads everything, unless a load is under way; resolves to whether the mirror is ready. */
  function load(): Promise<boolean> {
    loading ??= (async () => {
      for (let attempt = 0; attempt < LOAD_TRIES; attempt++) {
        const at = changes;
        let read: [MetadataEntry[], Omit<StoredResult, "bytes" | "data">[]];
        try {
          read = await Promise.all([m.entries(), r.list()]);
        } catch {
          return false;
        }
        if (at !== changes) continue;
        clear();
        addEntries(read[0]);
        addResults(read[1]);
        ready = true;
        return true;
      }
      return false;
    })().finally(() => (loading = undefined));
    return loading;
  }

  /** A write through this backend: once committed, `apply` keeps a ready mirror in step. */
  async function wrote<T>(op: () => Promise<T>, apply: () => void, tell = true): Promise<T> {
    let out: T;
    try {
      out = await op();
    } catch (error) {
      // It may have partly happened (or not at all): read again rather than guess.
      if (ready) unload();
      else changes++;
      throw error;
    }
    if (ready) apply();
    else changes++;
    if (tell) announce();
    return out;
  }

  const metadataStore: MetadataStore = {
    get: (cacheKey) => m.get(cacheKey),
    getEntry: (cacheKey) => m.getEntry(cacheKey),
    getMany: (cacheKeys) => m.getMany(cacheKeys),
    set: (entry) => wrote(() => m.set(entry), () => addEntries([entry])),
    entriesFor: m.entriesFor && ((nodeNames) => m.entriesFor!(nodeNames)),
    setMany: m.setMany && ((entries) => wrote(() => m.setMany!(entries), () => addEntries(entries))),
    entries: () => m.entries(),
    entriesForVersions: m.entriesForVersions && ((dataVersions) => m.entriesForVersions!(dataVersions)),
    deleteForVersions: m.deleteForVersions && ((dataVersions) => wrote(() => m.deleteForVersions!(dataVersions), () => dropEntries(dataVersions))),
    deleteAll: () => wrote(() => m.deleteAll(), () => (keys.clear(), byNode.clear())),
  };

  const resultStore: ResultStore = {
    async get(dataVersion) {
      try {
        return await r.get(dataVersion);
      } catch (error) {
        // The store dropped a damaged result itself.
        if (isCorruptResult(error)) held.delete(dataVersion);
        throw error;
      }
    },
    getStored: (dataVersion) => r.getStored(dataVersion),
    has: (dataVersion, format) => r.has(dataVersion, format),
    hasMany: (dataVersions) => r.hasMany(dataVersions),
    set: (result) => wrote(() => r.set(result), () => addResults([result])),
    // The write queue's "already stored?" check: a stale "held" only skips a write whose key then
    // finds its result missing and computes it again; a stale "absent" writes it twice.
    formats: r.formats && ((dataVersions) => (ready ? Promise.resolve(dataVersions.map((dv) => held.get(dv)?.format)) : r.formats!(dataVersions))),
    setMany: r.setMany && ((results) => wrote(() => r.setMany!(results), () => addResults(results))),
    list: () => r.list(),
    delete: r.delete && ((dataVersions) => wrote(() => r.delete!(dataVersions), () => dataVersions.forEach((dv) => held.delete(dv)))),
    headers: r.headers && ((dataVersions) => r.headers!(dataVersions)),
    // Last-used times decide only whether a run marks a result used again: not worth a notice.
    touch: r.touch && ((dataVersions, at) => wrote(() => r.touch!(dataVersions, at), () => dataVersions.forEach((dv) => held.has(dv) && (held.get(dv)!.lastUsedAt = at)), false)),
    setPinned: r.setPinned && ((dataVersions, pinned) => wrote(() => r.setPinned!(dataVersions, pinned), () => undefined, false)),
    deleteAll: () => wrote(() => r.deleteAll(), () => held.clear()),
  };

  async function runMetadata(nodeNames: readonly string[]): Promise<RunMetadata | undefined> {
    if (!ready) {
      void load();
      return readRunMetadata({ metadataStore, resultStore: r }, nodeNames);
    }
    const entries: MetadataEntry[] = [];
    for (const name of nodeNames) for (const key of byNode.get(name) ?? []) entries.push(keys.get(key)!);
    const results = [...new Set(entries.map((e) => e.dataVersion))].flatMap((dv) => (held.has(dv) ? [{ ...held.get(dv)! }] : []));
    return { entries, results };
  }

  void load();
  return { ...backend, metadataStore, resultStore, runMetadata, mirrorReady: () => (ready ? Promise.resolve(true) : load()) };
}
