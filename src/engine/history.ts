import type { CacheBackend } from "./stores/backend";
import type { RunRecord } from "./stores/runRecord";

/** Every run kept in a backend, oldest first (all drivers, all sessions). */
export function listRuns(backend: CacheBackend): Promise<RunRecord[]> {
  return backend.runLog.list();
}

export function loadRun(backend: CacheBackend, runId: string): Promise<RunRecord | undefined> {
  return backend.runLog.get(runId);
}

/** Empties a cache: metadata first, so no key ever points at a deleted result. */
export async function clearCache(backend: CacheBackend, what: { history?: boolean; files?: boolean } = {}): Promise<void> {
  await backend.metadataStore.deleteAll();
  await backend.resultStore.deleteAll();
  if (what.history) await backend.runLog.deleteAll();
  if (what.files) await backend.files.deleteAll();
}
