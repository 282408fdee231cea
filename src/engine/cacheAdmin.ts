import { SluiceError } from "./errors";
import type { CacheBackend } from "./stores/backend";
import { evictable, evictHeaders, lastUsed, type Eviction } from "./stores/evict";
import type { MetadataEntry, StoredResult } from "./stores/types";
import type { DataVersion } from "./types";

/**
 * Managing a cache (issue 11): what it holds and how much, pinning, eviction and run retention.
 * Every answer is plain data, so it crosses the worker boundary as it is.
 */
type Header = Omit<StoredResult, "bytes" | "data">;

export interface NodeUsage {
  node: string;
  /** Results some key of this node points at (a result shared by nodes counts for each). */
  results: number;
  bytes: number;
  lastUsedAt: number;
  /** How many of its results are pinned. */
  pinned: number;
}

export interface RunUsage {
  runId: string;
  startedAt: number;
  status: string;
  /** Results whose keys this run wrote last, and their size. */
  results: number;
  bytes: number;
  /** The size of the run's record in the history (its log, mostly), as JSON text. */
  recordBytes: number;
}

export interface FileUsage {
  name: string;
  size: number;
  updatedAt: number;
  origin: string;
}

export interface CacheUsage {
  results: { count: number; bytes: number; pinned: number };
  nodes: NodeUsage[];
  /** Newest first. */
  runs: RunUsage[];
  files: FileUsage[];
  /** Results, run records and files together. */
  totalBytes: number;
  /** The size limit on results (see cacheLimit). */
  limit: { maxBytes?: number; isDefault: boolean };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) (groups.get(key(item)) ?? groups.set(key(item), []).get(key(item))!).push(item);
  return groups;
}

function sizeOf(headers: readonly Header[]): { results: number; bytes: number } {
  return { results: headers.length, bytes: headers.reduce((sum, h) => sum + h.byteLength, 0) };
}

/** Sizes per node, per run and per file. Reads headers and records, never a result's bytes. */
export async function cacheUsage(backend: CacheBackend): Promise<CacheUsage> {
  const [headers, entries, runs, files, limit] = await Promise.all([
    backend.resultStore.list(),
    backend.metadataStore.entries(),
    backend.runLog.list(),
    backend.files.list(),
    cacheLimit(backend),
  ]);
  const byVersion = new Map(headers.map((h) => [h.dataVersion as string, h]));
  const headersOf = (group: readonly MetadataEntry[]) => [...new Set(group.map((e) => e.dataVersion as string))].flatMap((dv) => byVersion.get(dv) ?? []);

  const nodes = [...groupBy(entries, (e) => e.nodeName)].map(([node, group]): NodeUsage => {
    const held = headersOf(group);
    return { node, ...sizeOf(held), lastUsedAt: Math.max(0, ...held.map(lastUsed)), pinned: held.filter((h) => h.pinned).length };
  });
  const perRun = groupBy(entries, (e) => e.runId);
  const runUsage = runs
    .map((run): RunUsage => ({
      runId: run.runId,
      startedAt: run.startedAt,
      status: run.status,
      ...sizeOf(headersOf(perRun.get(run.runId) ?? [])),
      recordBytes: JSON.stringify(run).length,
    }))
    .reverse();
  const all = sizeOf(headers);
  const fileUsage = files.map(({ name, size, updatedAt, origin }) => ({ name, size, updatedAt, origin }));
  return {
    results: { count: all.results, bytes: all.bytes, pinned: headers.filter((h) => h.pinned).length },
    nodes: nodes.sort((a, b) => b.bytes - a.bytes || a.node.localeCompare(b.node)),
    runs: runUsage,
    files: fileUsage,
    totalBytes: all.bytes + runUsage.reduce((s, r) => s + r.recordBytes, 0) + fileUsage.reduce((s, f) => s + f.size, 0),
    limit,
  };
}

async function versionsOfNode(backend: CacheBackend, node: string): Promise<DataVersion[]> {
  const { metadataStore } = backend;
  const entries = metadataStore.entriesFor ? await metadataStore.entriesFor([node]) : (await metadataStore.entries()).filter((e) => e.nodeName === node);
  return [...new Set(entries.map((e) => e.dataVersion))];
}

function needs<K extends "setPinned" | "delete">(backend: CacheBackend, method: K): void {
  if (!backend.resultStore[method]) throw new SluiceError("BAD_OPTION", `This result store cannot ${method === "delete" ? "evict" : "pin"} results`, { option: "resultStore" });
}

/** Pins (or unpins) every result a node's keys point at: pinned results are never evicted. */
export async function pinNode(backend: CacheBackend, node: string, pinned = true): Promise<number> {
  needs(backend, "setPinned");
  const versions = await versionsOfNode(backend, node);
  await backend.resultStore.setPinned!(versions, pinned);
  return versions.length;
}

export async function pinResults(backend: CacheBackend, dataVersions: readonly DataVersion[], pinned = true): Promise<void> {
  needs(backend, "setPinned");
  await backend.resultStore.setPinned!(dataVersions, pinned);
}

/** What to evict; criteria combine (a node's results last used before a time...). Pinned results always stay. */
export interface EvictCriteria {
  /** Only results some key of this node points at. */
  node?: string;
  /** Only results last used before this time (ms since the epoch). */
  lastUsedBefore?: number;
  /** Least recently used first, until the results take at most this many bytes. */
  toBytes?: number;
  /** Results to keep whatever the criteria say (what a live run needs). */
  keep?: readonly string[];
}

/**
 * Evicts results (and the keys pointing at them). With no criteria, every unpinned result goes.
 * @example await evictResults(backend, { lastUsedBefore: Date.now() - 30 * 86_400_000 })
 */
export async function evictResults(backend: CacheBackend, criteria: EvictCriteria = {}): Promise<Eviction> {
  needs(backend, "delete");
  const headers = await backend.resultStore.list();
  let candidates = evictable(headers, new Set(criteria.keep));
  if (criteria.node !== undefined) {
    const ofNode = new Set<string>(await versionsOfNode(backend, criteria.node));
    candidates = candidates.filter((h) => ofNode.has(h.dataVersion));
  }
  if (criteria.lastUsedBefore !== undefined) candidates = candidates.filter((h) => lastUsed(h) < criteria.lastUsedBefore!);
  if (criteria.toBytes !== undefined) {
    let excess = sizeOf(headers).bytes - criteria.toBytes;
    const doomed: Header[] = [];
    for (const h of candidates) {
      if (excess <= 0) break;
      doomed.push(h);
      excess -= h.byteLength;
    }
    candidates = doomed;
  }
  return evictHeaders(backend, candidates);
}

/** The share of the browser's quota results may take when no limit is set. */
export const DEFAULT_LIMIT_SHARE = 0.5;

interface StorageEstimator {
  estimate(): Promise<{ quota?: number }>;
}

/** Half of what the browser allows the site (`navigator.storage.estimate()`); none in Node. */
async function defaultLimit(): Promise<number | undefined> {
  const storage = (globalThis as { navigator?: { storage?: StorageEstimator } }).navigator?.storage;
  const quota = await storage?.estimate().then((e) => e.quota, () => undefined);
  return quota === undefined ? undefined : Math.floor(quota * DEFAULT_LIMIT_SHARE);
}

/** The size limit on results: the one set for this cache, else a share of the quota. */
export async function cacheLimit(backend: CacheBackend): Promise<{ maxBytes?: number; isDefault: boolean }> {
  const set = (await backend.limits?.get())?.maxBytes;
  return set !== undefined ? { maxBytes: set, isDefault: false } : { maxBytes: await defaultLimit(), isDefault: true };
}

/** Sets (or, with undefined, clears back to the default) the size limit on this cache's results. */
export async function setCacheLimit(backend: CacheBackend, maxBytes: number | undefined): Promise<void> {
  if (maxBytes !== undefined && !(Number.isFinite(maxBytes) && maxBytes >= 0)) {
    throw new SluiceError("BAD_OPTION", `A cache size limit must be a number of bytes, not ${JSON.stringify(maxBytes)}`, { option: "maxBytes" });
  }
  if (!backend.limits) throw new SluiceError("BAD_OPTION", "This cache cannot keep a size limit", { option: "maxBytes" });
  await backend.limits.set(maxBytes === undefined ? {} : { maxBytes });
}

/**
 * After a run that stored something: past the limit, the least recently used results go until
 * the results fit (never pinned ones, never `keep`: what that run used).
 */
export async function enforceLimit(backend: CacheBackend, keep: readonly string[]): Promise<Eviction | undefined> {
  const { maxBytes } = await cacheLimit(backend);
  if (maxBytes === undefined || !backend.resultStore.delete) return undefined;
  const total = sizeOf(await backend.resultStore.list()).bytes;
  if (total <= maxBytes) return undefined;
  return evictResults(backend, { toBytes: maxBytes, keep });
}

/** Keeps the newest `keep` run records; returns how many older ones were deleted. */
export async function pruneRuns(backend: CacheBackend, keep: number): Promise<number> {
  if (!(Number.isInteger(keep) && keep >= 0)) throw new SluiceError("BAD_OPTION", `keep must be a whole number of runs, not ${JSON.stringify(keep)}`, { option: "keep" });
  if (!backend.runLog.prune) throw new SluiceError("BAD_OPTION", "This run log cannot be trimmed", { option: "runLog" });
  return backend.runLog.prune(keep);
}
