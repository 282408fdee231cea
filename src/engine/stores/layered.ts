import { createFileArea, type FileArea, type FileBackend, type StoredFile } from "../files";
import type { CacheKey, DataVersion } from "../types";
import type { CacheBackend } from "./backend";
import type { PublishedLayer } from "./bundle/layer";
import type { BundleEntry, BundleResult } from "./bundle/manifest";
import { readRunMetadata, type RunMetadata } from "./runMetadata";
import { runHeads, type RunHead, type RunRecord } from "./runRecord";
import type { MetadataEntry, MetadataStore, ResultStore, RunLog, StoredResult } from "./types";
import { SluiceError } from "../errors";
import { decodeVerified } from "./integrity";

/**
 * A driver's own cache with published layers under it, the way a union file system stacks
 * layers: every lookup asks the local cache first, then each layer in order; every write,
 * deletion and listing of the cache's contents goes to the local cache alone. Layer entries are
 * never copied into the local stores, so only drivers given the layers can hit them.
 */
export function withLayers(local: CacheBackend, layers: readonly PublishedLayer[]): CacheBackend {
  if (layers.length === 0) return local;
  const { storeBatch, runMetadata: _read, ...rest } = local;
  return {
    ...rest,
    metadataStore: layeredMetadata(local.metadataStore, layers),
    resultStore: layeredResults(local.resultStore, layers),
    runLog: layeredRuns(local.runLog, layers),
    files: layeredFiles(local.files, layers),
    runMetadata: (nodeNames) => layeredRunMetadata(local, layers, nodeNames),
    ...(storeBatch && { storeBatch }),
  };
}

/** A store's methods as a plain object, bound to it: the stores are classes, so a spread would lose them. */
function bound<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  for (let o: object | null = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === "constructor" || key in out) continue;
      const value = (target as Record<string, unknown>)[key];
      out[key] = typeof value === "function" ? value.bind(target) : value;
    }
  }
  return out as T;
}

const asEntry = (entry: BundleEntry, layer: PublishedLayer): MetadataEntry => ({
  cacheKey: entry.cacheKey as CacheKey,
  dataVersion: entry.dataVersion as DataVersion,
  nodeName: entry.nodeName,
  codeVersion: entry.codeVersion as MetadataEntry["codeVersion"],
  runId: layer.source,
  updatedAt: 0,
});

function firstLayerEntry(layers: readonly PublishedLayer[], cacheKey: string): MetadataEntry | undefined {
  for (const layer of layers) {
    const entry = layer.entry(cacheKey);
    if (entry) return asEntry(entry, layer);
  }
  return undefined;
}

function layeredMetadata(local: MetadataStore, layers: readonly PublishedLayer[]): MetadataStore {
  return {
    ...bound(local),
    get: async (cacheKey) => (await local.get(cacheKey)) ?? firstLayerEntry(layers, cacheKey)?.dataVersion,
    getEntry: async (cacheKey) => (await local.getEntry(cacheKey)) ?? firstLayerEntry(layers, cacheKey),
    getMany: async (cacheKeys) => (await local.getMany(cacheKeys)).map((dv, i) => dv ?? firstLayerEntry(layers, cacheKeys[i])?.dataVersion),
    ...(local.entriesFor && {
      entriesFor: async (nodeNames: readonly string[]) => {
        const own = await local.entriesFor!(nodeNames);
        const seen = new Set<string>(own.map((e) => e.cacheKey));
        const more: MetadataEntry[] = [];
        for (const layer of layers) {
          for (const entry of layer.entriesFor(nodeNames)) {
            if (seen.has(entry.cacheKey)) continue;
            seen.add(entry.cacheKey);
            more.push(asEntry(entry, layer));
          }
        }
        return [...own, ...more];
      },
    }),
  };
}

function layerResult(layers: readonly PublishedLayer[], dataVersion: string): { layer: PublishedLayer; result: BundleResult } | undefined {
  for (const layer of layers) {
    const result = layer.result(dataVersion);
    if (result) return { layer, result };
  }
  return undefined;
}

const headerOf = (result: BundleResult, layer: PublishedLayer): Omit<StoredResult, "bytes" | "data"> => ({
  dataVersion: result.dataVersion as DataVersion,
  format: result.format,
  kind: result.kind,
  byteLength: result.bytes,
  createdAt: 0,
  checksum: result.checksum,
  from: layer.source,
});

function layeredResults(local: ResultStore, layers: readonly PublishedLayer[]): ResultStore {
  const getStored = async (dataVersion: DataVersion): Promise<StoredResult | undefined> => {
    const own = await local.getStored(dataVersion);
    if (own) return own;
    return layerResult(layers, dataVersion)?.layer.getStored(dataVersion);
  };
  return {
    ...bound(local),
    async get(dataVersion) {
      if ((await local.has(dataVersion)) || !layerResult(layers, dataVersion)) return local.get(dataVersion);
      const stored = await getStored(dataVersion);
      if (!stored) throw new SluiceError("STORAGE", `No stored result for data version ${dataVersion}`);
      return decodeVerified(stored);
    },
    getStored,
    has: async (dataVersion, format) => (await local.has(dataVersion, format)) || (layerResult(layers, dataVersion) !== undefined && (format === undefined || layerResult(layers, dataVersion)!.result.format === format)),
    hasMany: async (dataVersions) => (await local.hasMany(dataVersions)).map((has, i) => has || layerResult(layers, dataVersions[i]) !== undefined),
    ...(local.formats && {
      formats: async (dataVersions: readonly DataVersion[]) => (await local.formats!(dataVersions)).map((f, i) => f ?? layerResult(layers, dataVersions[i])?.result.format),
    }),
    ...(local.headers && {
      headers: async (dataVersions: readonly DataVersion[]) =>
        (await local.headers!(dataVersions)).map((h, i) => {
          const found = h ? undefined : layerResult(layers, dataVersions[i]);
          return h ?? (found && headerOf(found.result, found.layer));
        }),
    }),
    async delete(dataVersions) {
      // A layer is never written: a damaged body of one is only no longer claimed.
      for (const layer of layers) layer.reject(dataVersions);
      await local.delete?.(dataVersions);
    },
  };
}

/** What a run reads before its first node: the local cache's, then what only the layers have. */
async function layeredRunMetadata(local: CacheBackend, layers: readonly PublishedLayer[], nodeNames: readonly string[]): Promise<RunMetadata | undefined> {
  const own = await (local.runMetadata ? local.runMetadata(nodeNames) : readRunMetadata(local, nodeNames));
  if (!own) return undefined;
  const keys = new Set<string>(own.entries.map((e) => e.cacheKey));
  const held = new Set<string>(own.results.map((r) => r.dataVersion));
  const entries = [...own.entries];
  const results = [...own.results];
  for (const layer of layers) {
    for (const entry of layer.entriesFor(nodeNames)) {
      if (keys.has(entry.cacheKey)) continue;
      keys.add(entry.cacheKey);
      entries.push(asEntry(entry, layer));
    }
  }
  for (const entry of entries) {
    if (held.has(entry.dataVersion)) continue;
    const found = layerResult(layers, entry.dataVersion);
    if (!found) continue;
    held.add(entry.dataVersion);
    results.push({ dataVersion: entry.dataVersion, format: found.result.format, from: found.layer.source });
  }
  return { entries, results };
}

function layeredRuns(local: RunLog, layers: readonly PublishedLayer[]): RunLog {
  const published = (): RunRecord[] => layers.flatMap((layer) => layer.runs);
  return {
    ...bound(local),
    get: async (runId) => (await local.get(runId)) ?? published().find((r) => r.runId === runId),
    list: async () => withPublished(await local.list()),
    heads: async () => withPublished(await runHeads(local)),
  };
  function withPublished<T extends RunHead>(own: T[]): (T | RunRecord)[] {
    const ids = new Set(own.map((r) => r.runId));
    // Published runs are older than anything the visitor ran on them: listed first, by start.
    return [...published().filter((r) => !ids.has(r.runId)), ...own].sort((a, b) => a.startedAt - b.startedAt);
  }
}

/** `files.read` finds a published file when the visitor's own file area has none of that name. */
function layeredFiles(local: FileArea, layers: readonly PublishedLayer[]): FileArea {
  const store = local.store;
  const backend: FileBackend = {
    ...bound(store),
    async get(name) {
      const own = await store.get(name);
      if (own) return own;
      for (const layer of layers) {
        const file = layer.file(name);
        if (!file) continue;
        const bytes = await layer.readFile(name);
        if (bytes) return { name, bytes, format: file.format, size: bytes.byteLength, updatedAt: 0, origin: layer.source } satisfies StoredFile;
      }
      return undefined;
    },
    async headers() {
      const own = await store.headers();
      const names = new Set(own.map((f) => f.name));
      const more = layers.flatMap((layer) =>
        layer.manifest.files.filter((f) => !names.has(f.name)).map((f) => {
          names.add(f.name);
          return { name: f.name, format: f.format, size: f.bytes, updatedAt: 0, origin: layer.source };
        }),
      );
      return [...own, ...more];
    },
  };
  return createFileArea(backend);
}
