import {
  cacheUsage,
  clearCache,
  closeStaleRuns,
  createIndexedDbBackend,
  createMemoryBackend,
  decodeKey,
  DEFAULT_CACHE_PATH,
  explainRun,
  diffValues,
  type ValueDiff,
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
  type SeenNode,
  type RunHead,
  withMirror,
  withLayers,
  followRuns,
  buildBundle,
  type PublishedLayer,
} from "../engine";
import type { RealmClient, Relay, RunCall } from "../realm/client";
import { chartData } from "./chart";
import { runDetails } from "./details";
import { previewValue } from "./preview";
import type { BackendKind, CacheOp, ChartData, DecodedCacheKey, Preview, PublishOutcome, RequestOf, RunSummary } from "./protocol";
import { createValueCache } from "./valueCache";
import { createUploads, type UploadReport } from "./uploads";
import { createPublishedShelf } from "./published";

const MISSING = "Not in the result store: its behaviour stores nothing (disable, ignore), or the cache was cleared.";

function summarize(record: RunHead): RunSummary {
  const count = (status: string) => record.nodes.filter((n) => n.kind !== "input" && n.status === status).length;
  return {
    runId: record.runId,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    status: record.status,
    outputs: record.outputs,
    counts: { executed: count("executed"), cached: count("cached"), failed: count("failed") },
    error: record.error,
    tags: record.tags,
    ...(record.evicted && { evicted: record.evicted }),
    ...(record.from && { source: "published" as const }),
  };
}

/**
 * The worker's state: which cache it talks to and recently decoded values. Runs happen in the
 * compute realm (src/realm), which reaches this cache only through the calls it is served.
 */
export function createSession(realm: RealmClient) {
  // One backend per choice, kept: "memory for this tab" must survive switching away and back,
  // and an IndexedDB database is opened once, with its run metadata mirrored in memory (read at
  // once, in the background) so that a run's prefetch reads no IndexedDB (stores/mirror.ts).
  const backends = new Map<string, CacheBackend>();
  const open = (kind: BackendKind, path: string): CacheBackend => {
    const key = `${kind}:${path}`;
    if (!backends.has(key)) backends.set(key, kind === "memory" ? createMemoryBackend(key) : withMirror(createIndexedDbBackend(path)));
    return backends.get(key)!;
  };
  let backend = open("indexeddb", DEFAULT_CACHE_PATH);
  const values = createValueCache();
  const uploads = createUploads();
  const shelf = createPublishedShelf((layer) => layer.runs.map(summarize));
  // The open workspace's published layers, and the cache composed over them (stores/layered.ts):
  // what runs, plans, history and previews read. Writes go to `backend` alone either way.
  let layers: PublishedLayer[] = [];
  let composed: { over: CacheBackend; backend: CacheBackend } | undefined;
  const current = (): CacheBackend => {
    if (composed?.over !== backend) composed = { over: backend, backend: withLayers(backend, layers) };
    return composed.backend;
  };

  function run(request: RequestOf<"run">, requestId: number, relay: Relay): RunCall {
    const { kind: _kind, ...params } = request;
    // The run keeps the cache it started with, even if the user switches mid-run.
    return realm.run(requestId, params, current(), relay);
  }

  /**
   * Reads and changes of the cache wait for the last run's tail (the results it is still storing
   * and its record): history, previews of stored values and the Cache panel then show what that
   * run left, and clearing never races its writes.
   */
  async function settled<T>(read: () => Promise<T> | T): Promise<T> {
    await realm.settled();
    return read();
  }

  /** A value by data version: recently seen, else decoded from the result store; undefined when not stored. */
  async function valueOf(dataVersion: string): Promise<{ value: unknown } | undefined> {
    let hit = values.get(dataVersion);
    if (!hit) {
      try {
        hit = { value: await current().resultStore.get(dataVersion as DataVersion) };
      } catch (error) {
        if (isSluiceError(error) && error.code === "STORAGE") return undefined;
        throw error;
      }
      values.set(dataVersion, hit.value);
    }
    return hit;
  }

  async function preview(request: RequestOf<"preview">): Promise<Preview> {
    // Outputs of disable/ignore nodes (and values a full disk could not keep) live only in the
    // realm that computed them.
    const held = await realm.preview(request.dataVersion, request.offset, request.limit);
    if (held) return held;
    const hit = await settled(() => valueOf(request.dataVersion));
    return hit ? previewValue(hit.value, request.offset, request.limit) : { kind: "missing", reason: MISSING };
  }

  async function chart(request: RequestOf<"chartData">): Promise<ChartData> {
    // Binned where the value is: outputs of disable/ignore nodes live only in the realm, and a
    // value it still holds from a run needs no read from the store.
    const held = await realm.chart(request.dataVersion, request.choice);
    if (held) return held;
    const hit = await settled(() => valueOf(request.dataVersion));
    return hit ? chartData(hit.value, request.choice) : { kind: "missing", reason: MISSING };
  }

  return {
    run,
    preview,
    chartData: chart,
    // Planning builds the module, so it happens in the realm like any other use of node code.
    plan: ({ kind: _kind, ...params }: RequestOf<"plan">) => realm.plan(params, current()),
    parseSql: (texts: string[]) => realm.parseSql(texts),
    explain: (runId: string) => settled(() => explainRun(current(), runId)),
    async diffValues({ before, after, key }: RequestOf<"diffValues">): Promise<ValueDiff | { kind: "missing"; reason: string }> {
      const [a, b] = await settled(() => Promise.all([valueOf(before), valueOf(after)]));
      return a && b ? diffValues(a.value, b.value, key) : { kind: "missing", reason: MISSING };
    },
    cancel: (runRequestId: number): boolean => realm.cancel(runRequestId),
    async listRuns(): Promise<RunSummary[]> {
      // Runs whose tab or browser died are closed as interrupted first (engine/runLock.ts).
      await realm.settled();
      const heads = await closeStaleRuns(backend, await listRuns(current()));
      // Another tab's runs join the index plans are made from; not waited for by the listing.
      void followRuns(current(), heads).catch(() => undefined);
      return heads.map(summarize);
    },
    async markStopped(runId: string, seen: Record<string, SeenNode>): Promise<{ stopped: boolean }> {
      const record = await settled(() => markRunStopped(backend, runId, seen));
      return { stopped: record?.status === "cancelled" };
    },
    loadRun: async (runId: string) => runDetails(await settled(() => loadRun(current(), runId))),
    decodeKey(cacheKey: string): DecodedCacheKey {
      return decodeKey(cacheKey as CacheKey);
    },
    listFiles: () => current().files.list(),
    async readFile(name: string): Promise<{ name: string; bytes: ArrayBuffer }> {
      const bytes = await current().files.readBytes(name);
      // A fresh, exact-size buffer: it is transferred to the page, not copied.
      return { name, bytes: bytes.slice().buffer as ArrayBuffer };
    },
    listResults: (limit?: number) => settled(() => listStoredResults(backend, { limit })),
    async readResult(dataVersion: string): Promise<{ name: string; bytes: ArrayBuffer }> {
      const file = await settled(() => readStoredResult(backend, dataVersion as DataVersion));
      return { name: file.name, bytes: file.bytes.slice().buffer as ArrayBuffer };
    },
    uploadFile: (requestId: number, name: string, file: Blob, report: UploadReport) => uploads.upload(backend.files, requestId, name, file, report),
    cancelUpload: (requestId: number) => uploads.cancel(requestId),
    async clearCache(history: boolean, files: boolean): Promise<void> {
      await realm.settled();
      await clearCache(backend, { history, files });
      values.clear();
      await realm.forget();
    },
    async manageCache(op: CacheOp): Promise<CacheUsage> {
      await realm.settled();
      if (op.op === "pin") await pinNode(backend, op.node, op.pinned);
      else if (op.op === "evict") await evictResults(backend, op.criteria);
      else if (op.op === "pruneRuns") await pruneRuns(backend, op.keep);
      else if (op.op === "limit") await setCacheLimit(backend, op.maxBytes ?? undefined);
      // Evicted values must not be previewed from memory as if still cached.
      if (op.op === "evict") values.clear();
      return cacheUsage(backend);
    },
    openPublished: ({ bytes, url }: RequestOf<"openPublished">) => (bytes ? shelf.importBundle(new Uint8Array(bytes)) : shelf.openFolder(url ?? "")),
    async setLayers(ids: string[]): Promise<{ ids: string[] }> {
      const next = await Promise.all(ids.map((id) => shelf.layer(id)));
      await realm.settled();
      layers = next;
      composed = undefined;
      values.clear();
      await realm.forget().catch(() => undefined);
      return { ids };
    },
    async exportBundle({ kind: _kind, ...options }: RequestOf<"exportBundle">): Promise<PublishOutcome> {
      const { bytes, report } = await settled(() => buildBundle(current(), options));
      return { bytes: bytes.slice().buffer as ArrayBuffer, report };
    },
    setBackend(kind: BackendKind, path: string): { backend: BackendKind; path: string } {
      backend = open(kind, path);
      values.clear();
      void realm.forget().catch(() => undefined);
      return { backend: kind, path };
    },
  };
}

export type Session = ReturnType<typeof createSession>;
