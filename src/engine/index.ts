/**
 * Sluice's engine: Hamilton-style versioned caching for dataflows of Arquero tables.
 * Pure: runs in Node, web workers and browsers; imports nothing from the UI or the DOM.
 *
 * @example
 * const dr = await new Builder().withModules(source).withCache().build();
 * await dr.execute(["processed_data"], { inputs: { cutoff_date: "2024-09-01" } });
 * dr.cache.viewRun(); // raw_data: executed, processed_data: executed
 */
export { Builder, Driver, type CacheOptions } from "./driver";
export { CacheView } from "./cacheView";
export { analyzeModules, type Analysis, type NodeInfo } from "./analyzeModules";
export { decodeKey, encodeKey, makeCacheKey } from "./versioning/cacheKey";
export { fingerprint, FINGERPRINT_SCHEME } from "./versioning/fingerprint";
export { SluiceError, isSluiceError, assertNever, type ErrorCode } from "./errors";
export { formatEvent, keepsAt } from "./events";
export { isTable, schemaOf } from "./formats/table";
export type { FileInfo, FileArea, FileBackend, StoredFile } from "./files";
export { createFileArea, fetchTable } from "./files";
export { decodeResult } from "./formats";
export { listStoredResults, readStoredResult, type StoredResultInfo } from "./storedResults";
export { viewRunRecord, logLines, groupLogs } from "./introspect";
export { createIndexedDbBackend, createMemoryBackend, DEFAULT_CACHE_PATH, type CacheBackend, type CacheLimits } from "./stores/backend";
export { MemoryMetadataStore, MemoryResultStore } from "./stores/memory";
export { DexieMetadataStore, DexieResultStore } from "./stores/dexie";
export { listRuns, loadRun, clearCache, markRunStopped, type SeenNode } from "./history";
export { cacheLimit, cacheUsage, enforceLimit, evictResults, pinNode, pinResults, pruneRuns, setCacheLimit, type CacheUsage, type EvictCriteria, type NodeUsage, type RunUsage, type FileUsage } from "./cacheAdmin";
export type { Eviction } from "./stores/evict";
export { checksumOf, decodeVerified, isCorruptResult } from "./stores/integrity";
export { dropResults } from "./stores/drop";
export { readRunMetadata, runMetadataFrom, type ReadAhead, type RunMetadata } from "./stores/runMetadata";
export { withMirror } from "./stores/mirror";
export { DEFAULT_KEEP_RUNS } from "./runner/run";
export { createKeptValues, KEPT_BYTES, type KeptValues } from "./runner/keep";
export { closeStaleRuns, holdRunLock, isLockHeld, runLockName, type LockManagerLike } from "./runLock";
export type { MetadataStore, ResultStore, RunLog, StoredResult, MetadataEntry } from "./stores/types";
export { explainNode } from "./explain/explain";
export { followRuns, indexedRuns, runIndexOf, type IndexedRunRecord } from "./explain/runIndex";
export { explainRun, type CutoffCredit, type RunExplanation } from "./explain/explainRun";
export { compareRuns, type NodeComparison, type NodeSide } from "./explain/compare";
export { diffValues, type CellChange, type ValueDiff } from "./explain/valueDiff";
export type { Change, Explanation, Plan, PlanStep, Reason } from "./explain/types";
export type { RunHead, RunRecord, RunNodeRecord, SerializedEvent } from "./stores/runRecord";
export { serializeEvent } from "./runner/record";
export type { ComputedRun, ExecuteOptions, HeldUse, HeldValue, NodeProgress } from "./runner/types";
export type { BehaviorOptions } from "./behaviors";
export * from "./types";
export { openPublished, slugOf, type PublishedLayer, type OpenOptions } from "./stores/bundle/layer";
export { exportBundle, buildBundle, filesReadBy, type ExportOptions, type ExportReport } from "./stores/bundle/export";
export { readManifest, isSafePath, BUNDLE_LIMITS, type BundleManifest, type BundleEntry, type BundleResult, type BundleFile } from "./stores/bundle/manifest";
export { unzipBundle } from "./stores/bundle/zip";
export { indexedDbBodyCache, memoryBodyCache, type BodyCache } from "./stores/bundle/sources";
export { withLayers } from "./stores/layered";
export { createSqlEngine, type SqlEngine, type SqlParseProblem, type SqlRequest } from "./sql/duckdb";
export { normalizeSql, tokenizeSql, type SqlToken } from "./sql/text";
