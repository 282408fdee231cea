import type { DataVersion } from "../types";
import { dropResults } from "./drop";
import type { MetadataStore, ResultStore, StoredResult } from "./types";

type Stores = { metadataStore: MetadataStore; resultStore: ResultStore };
type Header = Omit<StoredResult, "bytes" | "data">;

export const lastUsed = (h: Header): number => h.lastUsedAt ?? h.createdAt;

/** What may go: never a pinned result, never one in `protect` (what the current run needs). */
export function evictable(headers: readonly Header[], protect: ReadonlySet<string> = new Set()): Header[] {
  return headers.filter((h) => !h.pinned && !protect.has(h.dataVersion)).sort((a, b) => lastUsed(a) - lastUsed(b));
}

export interface Eviction {
  dataVersions: DataVersion[];
  bytes: number;
}

/** Drops the given results (keys first) and says what went. */
export async function evictHeaders(stores: Stores, doomed: readonly Header[]): Promise<Eviction> {
  const dataVersions = doomed.map((h) => h.dataVersion);
  await dropResults(stores, dataVersions);
  return { dataVersions, bytes: doomed.reduce((sum, h) => sum + h.byteLength, 0) };
}

/**
 * Frees at least `bytes` by evicting the least recently used results that may go; returns what
 * went (possibly less than asked, when nothing else may go). Stores that cannot delete free nothing.
 */
export async function makeRoom(stores: Stores, bytes: number, protect: ReadonlySet<string>): Promise<Eviction> {
  if (!stores.resultStore.delete) return { dataVersions: [], bytes: 0 };
  const doomed: Header[] = [];
  let freed = 0;
  for (const header of evictable(await stores.resultStore.list(), protect)) {
    if (freed >= bytes) break;
    doomed.push(header);
    freed += header.byteLength;
  }
  return evictHeaders(stores, doomed);
}
