import { indexesOf } from "./explain/runIndex";
import type { CacheBackend } from "./stores/backend";
import { runHeads, type RunHead, type RunRecord } from "./stores/runRecord";
import type { NodeStatus } from "./types";

/** Every run kept in a backend, oldest first (all drivers, all sessions), without its events. */
export function listRuns(backend: CacheBackend): Promise<RunHead[]> {
  return runHeads(backend.runLog);
}

export function loadRun(backend: CacheBackend, runId: string): Promise<RunRecord | undefined> {
  return backend.runLog.get(runId);
}

/** Empties a cache: metadata first, so no key ever points at a deleted result. */
export async function clearCache(backend: CacheBackend, what: { history?: boolean; files?: boolean } = {}): Promise<void> {
  await backend.metadataStore.deleteAll();
  await backend.resultStore.deleteAll();
  if (what.history) {
    await backend.runLog.deleteAll();
    for (const index of indexesOf(backend)) index.clear();
  }
  if (what.files) await backend.files.deleteAll();
}

/**
 * Closes the record of a run whose worker was replaced mid-run (Stop on a node that never
 * yields): the page says which nodes it saw finish; the node that was running is marked stopped.
 * A run that ended on its own is left as it is.
 */
export interface SeenNode {
  status: NodeStatus | "running";
  dataVersion?: string;
  durationMs?: number;
}

export async function markRunStopped(backend: CacheBackend, runId: string, seen: Record<string, SeenNode>): Promise<RunRecord | undefined> {
  const record = await backend.runLog.get(runId);
  // An `interrupted` record (its lock was seen free first) was this stop: the page knows more.
  if (!record || (record.status !== "running" && record.status !== "interrupted")) return record;
  const message = "Stopped: the engine worker was replaced while this node ran";
  const stopped: RunRecord = {
    ...record,
    status: "cancelled",
    finishedAt: Date.now(),
    nodes: record.nodes.map((node) => {
      const saw = seen[node.name];
      if (saw === undefined) return node;
      const { dataVersion = node.dataVersion, durationMs = node.durationMs } = saw;
      if (saw.status === "running" || saw.status === "failed") return { ...node, status: "failed", durationMs, error: { code: "CANCELLED", message } };
      return { ...node, status: saw.status, dataVersion, durationMs };
    }),
    error: { code: "CANCELLED", message: "The run was stopped" },
  };
  await backend.runLog.put(stopped);
  for (const index of indexesOf(backend)) index.add(stopped);
  return stopped;
}
