import {
  Builder,
  cacheUsage,
  clearCache,
  closeStaleRuns,
  createIndexedDbBackend,
  createMemoryBackend,
  decodeKey,
  DEFAULT_CACHE_PATH,
  evictResults,
  isSluiceError,
  listRuns,
  listStoredResults,
  loadRun,
  markRunStopped,
  pinNode,
  pruneRuns,
  setCacheLimit,
  readStoredResult,
  type CacheBackend,
  type CacheUsage,
  type CacheKey,
  type DataVersion,
  type ExecuteOptions,
  type SeenNode,
  type RunRecord,
} from "../engine";
import { runDetails } from "./details";
import { previewValue } from "./preview";
import type { BackendKind, CacheOp, DecodedCacheKey, Preview, RequestOf, RunOutcome, RunSummary } from "./protocol";
import { toWireError } from "./toWire";
import { createValueCache } from "./valueCache";

export type RunHooks = Required<Pick<ExecuteOptions, "onProgress" | "onEvent">>;

const MISSING = "Not in the result store: its behaviour stores nothing (disable, ignore), or the cache was cleared.";

function summarize(record: RunRecord): RunSummary {
  const count = (status: string) => record.nodes.filter((n) => n.kind !== "input" && n.status === status).length;
  return {
    runId: record.runId,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    status: record.status,
    outputs: record.outputs,
    counts: { executed: count("executed"), cached: count("cached"), failed: count("failed") },
    error: record.error,
    ...(record.evicted && { evicted: record.evicted }),
  };
}

/** The worker's state: which cache it talks to, live runs, and recently decoded values. */
export function createSession() {
  // One backend per choice, kept: "memory for this tab" must survive switching away and back,
  // and an IndexedDB database is opened once.
  const backends = new Map<string, CacheBackend>();
  const open = (kind: BackendKind, path: string): CacheBackend => {
    const key = `${kind}:${path}`;
    if (!backends.has(key)) backends.set(key, kind === "memory" ? createMemoryBackend(key) : createIndexedDbBackend(path));
    return backends.get(key)!;
  };
  let backend = open("indexeddb", DEFAULT_CACHE_PATH);
  const runs = new Map<number, AbortController>();
  const values = createValueCache();

  async function run(request: RequestOf<"run">, requestId: number, hooks: RunHooks): Promise<RunOutcome> {
    const { sources, outputs, inputs, overrides, options } = request;
    // The run keeps the cache it started with, even if the user switches mid-run.
    const target = backend;
    const controller = new AbortController();
    runs.set(requestId, controller);
    try {
      // A build error (syntax, cycle, bad option) rejects: there is no run to record.
      const { caching = true, ...cacheOptions } = options;
      const builder = new Builder().withModules(...sources);
      const dr = await (caching ? builder.withCache({ ...cacheOptions, backend: target }) : builder).build();
      try {
        const results = await dr.execute(outputs, { inputs, overrides, signal: controller.signal, ...hooks });
        // The driver holds the record it just saved: reading it back cost a 500-node chain ~6 ms.
        const record = dr.cache.record();
        // Outputs that were never stored (disable, ignore) can still be previewed after the run.
        for (const node of record?.nodes ?? []) if (node.dataVersion && node.name in results) values.set(node.dataVersion, results[node.name]);
        return { status: "succeeded", details: runDetails(record) };
      } catch (error) {
        const record = dr.cache.lastRunId ? dr.cache.record() : undefined;
        // Storage that found no room still computed the values: they can be previewed.
        const computed = isSluiceError(error) ? error.details.results : undefined;
        if (computed) for (const node of record?.nodes ?? []) if (node.dataVersion && node.name in computed) values.set(node.dataVersion, computed[node.name]);
        const wire = toWireError(error);
        return { status: wire.code === "CANCELLED" ? "cancelled" : "failed", details: runDetails(record), error: wire };
      }
    } finally {
      runs.delete(requestId);
    }
  }

  async function preview(request: RequestOf<"preview">): Promise<Preview> {
    const { dataVersion, offset, limit } = request;
    let hit = values.get(dataVersion);
    if (!hit) {
      try {
        hit = { value: await backend.resultStore.get(dataVersion as DataVersion) };
      } catch (error) {
        if (isSluiceError(error) && error.code === "STORAGE") return { kind: "missing", reason: MISSING };
        throw error;
      }
      values.set(dataVersion, hit.value);
    }
    return previewValue(hit.value, offset, limit);
  }

  return {
    run,
    preview,
    cancel(runRequestId: number): boolean {
      const controller = runs.get(runRequestId);
      controller?.abort();
      return controller !== undefined;
    },
    async listRuns(): Promise<RunSummary[]> {
      // Runs whose tab or browser died are closed as interrupted first (engine/runLock.ts).
      return (await closeStaleRuns(backend, await listRuns(backend))).map(summarize);
    },
    async markStopped(runId: string, seen: Record<string, SeenNode>): Promise<{ stopped: boolean }> {
      const record = await markRunStopped(backend, runId, seen);
      return { stopped: record?.status === "cancelled" };
    },
    loadRun: async (runId: string) => runDetails(await loadRun(backend, runId)),
    decodeKey(cacheKey: string): DecodedCacheKey {
      return decodeKey(cacheKey as CacheKey);
    },
    listFiles: () => backend.files.list(),
    async readFile(name: string): Promise<{ name: string; bytes: ArrayBuffer }> {
      const bytes = await backend.files.readBytes(name);
      // A fresh, exact-size buffer: it is transferred to the page, not copied.
      return { name, bytes: bytes.slice().buffer as ArrayBuffer };
    },
    listResults: (limit?: number) => listStoredResults(backend, { limit }),
    async readResult(dataVersion: string): Promise<{ name: string; bytes: ArrayBuffer }> {
      const file = await readStoredResult(backend, dataVersion as DataVersion);
      return { name: file.name, bytes: file.bytes.slice().buffer as ArrayBuffer };
    },
    uploadFile: (name: string, bytes: ArrayBuffer) => backend.files.upload(name, new Uint8Array(bytes)),
    async clearCache(history: boolean, files: boolean): Promise<void> {
      await clearCache(backend, { history, files });
      values.clear();
    },
    async manageCache(op: CacheOp): Promise<CacheUsage> {
      if (op.op === "pin") await pinNode(backend, op.node, op.pinned);
      else if (op.op === "evict") await evictResults(backend, op.criteria);
      else if (op.op === "pruneRuns") await pruneRuns(backend, op.keep);
      else if (op.op === "limit") await setCacheLimit(backend, op.maxBytes ?? undefined);
      // Evicted values must not be previewed from memory as if still cached.
      if (op.op === "evict") values.clear();
      return cacheUsage(backend);
    },
    setBackend(kind: BackendKind, path: string): { backend: BackendKind; path: string } {
      backend = open(kind, path);
      values.clear();
      return { backend: kind, path };
    },
  };
}

export type Session = ReturnType<typeof createSession>;
