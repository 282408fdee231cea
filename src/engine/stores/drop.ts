import type { DataVersion } from "../types";
import type { MetadataStore, ResultStore } from "./types";

type Stores = { metadataStore: MetadataStore; resultStore: ResultStore };

/**
 * Removes results and every cache key pointing at them (a corrupt result, an eviction). Keys go
 * first, so no key ever points at a deleted result; a key left pointing at nothing would only be
 * a miss (`missing_result`), never a wrong value.
 */
export async function dropResults({ metadataStore, resultStore }: Stores, dataVersions: readonly DataVersion[]): Promise<void> {
  if (dataVersions.length === 0) return;
  await metadataStore.deleteForVersions?.(dataVersions);
  await resultStore.delete?.(dataVersions);
}
