import type { DataVersion, StorageFormat } from "../types";
import type { MetadataEntry, MetadataStore, ResultStore } from "./types";

/**
 * What a run reads before its first node (runner/lookup.ts): every entry of its nodes and, of the
 * results those entries name, the ones the store holds, with their format and last use. One call,
 * so a run in the compute realm pays one round trip for it, and a backend that keeps these in
 * memory (stores/mirror.ts) answers without touching IndexedDB.
 */
export interface RunMetadata {
  entries: MetadataEntry[];
  /** `from`: held by a published layer, not this cache (stores/layered.ts). */
  results: { dataVersion: DataVersion; format: StorageFormat; lastUsedAt?: number; from?: string }[];
}

type Stores = { metadataStore: MetadataStore; resultStore: ResultStore };

/** A run's metadata read ahead of it, for the nodes it was read for. */
export interface ReadAhead {
  nodeNames: readonly string[];
  read: RunMetadata;
}

/**
 * The part of `ahead` for `nodeNames`, or undefined unless it was read for every one of them: a
 * node it was not read for may have keys it does not hold, and a run must not miss them.
 */
export function runMetadataFrom(ahead: ReadAhead, nodeNames: readonly string[]): RunMetadata | undefined {
  const covered = new Set(ahead.nodeNames);
  if (!nodeNames.every((name) => covered.has(name))) return undefined;
  const wanted = new Set(nodeNames);
  const entries = ahead.read.entries.filter((e) => wanted.has(e.nodeName));
  const versions = new Set<string>(entries.map((e) => e.dataVersion));
  return { entries, results: ahead.read.results.filter((r) => versions.has(r.dataVersion)) };
}

/** Reads it from the stores (two reads); undefined when they have no batch forms to read it with. */
export async function readRunMetadata({ metadataStore, resultStore }: Stores, nodeNames: readonly string[]): Promise<RunMetadata | undefined> {
  if (!metadataStore.entriesFor || !resultStore.formats) return undefined;
  const entries = nodeNames.length === 0 ? [] : await metadataStore.entriesFor(nodeNames);
  const versions = [...new Set(entries.map((e) => e.dataVersion))];
  const results: RunMetadata["results"] = [];
  if (versions.length === 0) return { entries, results };
  if (resultStore.headers) {
    // The same read, with each result's last use: a run re-marks only what is stale.
    const headers = await resultStore.headers(versions);
    for (const header of headers) if (header) results.push({ dataVersion: header.dataVersion, format: header.format, lastUsedAt: header.lastUsedAt ?? header.createdAt });
  } else {
    const formats = await resultStore.formats(versions);
    versions.forEach((dataVersion, i) => formats[i] !== undefined && results.push({ dataVersion, format: formats[i]! }));
  }
  return { entries, results };
}
