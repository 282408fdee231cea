/**
 * Every message between the page and the engine worker. The page talks to the worker only
 * through `createEngineClient()` (client.ts); the worker only answers what is listed here.
 */
import type { Analysis, CachingBehavior, ErrorCode, Explanation, NodeProgress, Plan, RunExplanation, RunRecord, SeenNode, SqlParseProblem, ValueDiff } from "../engine";
import type { CacheUsage, EvictCriteria, ExportReport, FileInfo, StoredResultInfo } from "../engine";

export type BackendKind = "indexeddb" | "memory";

/** The plain-data part of `withCache` (SPEC.md §6); the worker adds the backend. */
export interface DriverOptions {
  recompute?: string[] | true;
  disable?: string[] | true;
  ignore?: string[] | true;
  default?: string[] | true;
  defaultBehavior?: CachingBehavior;
  defaultLoaderBehavior?: CachingBehavior;
  defaultSaverBehavior?: CachingBehavior;
  /** False: build without `withCache()`, as Hamilton without caching: nothing versioned or stored. */
  caching?: boolean;
}

/** Failures the transport adds to the engine's own codes. */
export type ClientErrorCode = "TIMEOUT" | "WORKER_CRASHED" | "DISPOSED" | "INTERNAL";

export interface WireError {
  code: ErrorCode | ClientErrorCode;
  message: string;
  details: { node?: string; input?: string; option?: string; line?: number; column?: number; cycle?: string[]; originalStack?: string; file?: string; format?: string; detail?: string };
}

/** A run as the history strip lists it; the full record comes from `loadRun`. */
export interface RunSummary {
  runId: string;
  startedAt: number;
  finishedAt?: number;
  status: RunRecord["status"];
  outputs: string[];
  counts: { executed: number; cached: number; failed: number };
  error?: RunRecord["error"];
  tags?: Record<string, string>;
  evicted?: RunRecord["evicted"];
  /** A run of a published bundle (SPEC.md §12): the author's, shown in the history as published. */
  source?: "published";
}

/** A published cache as the page opens it: what its workspace is made from, before any code runs. */
export interface PublishedSummary {
  /** How the worker opens it again: a folder's URL, or `bundle:<slug>-<sum>` for an imported file. */
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  /** The workspace's content as the author exported it: unchecked, the page sanitizes it. */
  workspace: unknown;
  runs: RunSummary[];
  results: number;
  files: string[];
}

/** What Publish… makes: the bundle's bytes and what went in. */
export interface PublishOutcome {
  bytes: ArrayBuffer;
  report: ExportReport;
}

/** A line of a run's log, as `String(event)` prints it; `info` says whether level info keeps it. */
export interface LogLine {
  line: string;
  eventType: string;
  nodeName: string;
  info: boolean;
}

/** A run's record with its log already printed by the engine (the page never formats events). */
export interface RunDetails {
  record: RunRecord;
  log: LogLine[];
}

/** A built dataflow that failed at execute time still leaves a record, so history shows it. */
export type RunOutcome =
  | { status: "succeeded"; details: RunDetails | undefined }
  | { status: "failed" | "cancelled"; details: RunDetails | undefined; error: WireError };

/**
 * A run's outcome as the engine worker posts it: the record without its log lines, which the page
 * prints from the record's events (worker/details.ts `fromSent`); they are ~a third of its bytes,
 * and the page has the run's answer and its settled outcome to receive.
 */
export type SentRunOutcome =
  | { status: "succeeded"; details: { record: RunRecord } | undefined }
  | { status: "failed" | "cancelled"; details: { record: RunRecord } | undefined; error: WireError };

/** Cells travel display-ready: numbers stay numbers (for alignment), the rest become text. */
export type Cell = string | number | boolean | null;

export type Preview =
  | { kind: "table"; columns: { name: string; type: string }[]; numRows: number; offset: number; rows: Cell[][] }
  | { kind: "value"; type: string; json: string; truncated: boolean }
  | { kind: "missing"; reason: string };

/** How a table is drawn (issue 12): which columns go where, and with which mark. */
export type ChartMark = "bar" | "line" | "dot" | "histogram";
export interface ChartChoice {
  mark: ChartMark;
  x: string;
  /** Absent: bars and lines count rows; a histogram never has one. */
  y?: string;
  color?: string;
}

/** One drawn point; dates travel as milliseconds. `x2` ends a histogram bin, `n` counts a scatter cell. */
export interface ChartPoint {
  x: number | string;
  x2?: number;
  y: number;
  color?: string;
  n?: number;
}

/** What the worker hands a chart: already binned or grouped, at most a few thousand points. */
export type ChartData =
  | { kind: "chart"; choice: ChartChoice; xType: string; numRows: number; points: ChartPoint[]; summary: string }
  | { kind: "missing"; reason: string };

export interface DecodedCacheKey {
  nodeName: string;
  codeVersion: string;
  dependenciesDataVersions: Record<string, string>;
}

export type Request =
  | { kind: "analyze"; sources: string[] }
  | {
      kind: "run";
      sources: string[];
      outputs: string[];
      inputs: Record<string, unknown>;
      overrides: Record<string, unknown>;
      options: DriverOptions;
      /** Kept with the run's record (the page's workspace id), never read by the engine. */
      tags?: Record<string, string>;
      /** Compute workers the run may execute nodes on at once (SPEC.md §13); 1 or absent: one. */
      workers?: number;
    }
  /** What a run with these settings would do now (SPEC.md §11): metadata only, nothing runs. */
  | {
      kind: "plan";
      sources: string[];
      outputs: string[];
      inputs: Record<string, unknown>;
      overrides: Record<string, unknown>;
      options: DriverOptions;
    }
  | { kind: "explain"; runId: string }
  /** Whether SQL texts parse (SPEC.md §14), by DuckDB's parser; null until DuckDB has started. */
  | { kind: "parseSql"; texts: string[] }
  /** Two values of a node (by data version) compared; tables pair rows by position or `key`. */
  | { kind: "diffValues"; before: string; after: string; key?: string }
  | { kind: "cancel"; runRequestId: number }
  | { kind: "listRuns" }
  | { kind: "markStopped"; runId: string; seen: Record<string, SeenNode> }
  | { kind: "loadRun"; runId: string }
  | { kind: "preview"; runId?: string; node?: string; dataVersion: string; offset: number; limit: number }
  /** A table value binned or grouped for a chart, in the worker (see worker/chart.ts). */
  | { kind: "chartData"; dataVersion: string; choice: ChartChoice }
  | { kind: "decodeKey"; cacheKey: string }
  | { kind: "listFiles" }
  | { kind: "readFile"; name: string }
  | { kind: "listResults"; limit?: number }
  | { kind: "readResult"; dataVersion: string }
  /** A File is posted as it is (structured clone shares the blob); the worker streams it to disk. */
  | { kind: "uploadFile"; name: string; file: Blob }
  | { kind: "cancelUpload"; uploadRequestId: number }
  | { kind: "clearCache"; history: boolean; files: boolean }
  | { kind: "setBackend"; backend: BackendKind; path: string }
  | { kind: "manageCache"; op: CacheOp }
  /** A `.sluice` file (kept in the browser) or a published folder's URL, opened as a layer. */
  | { kind: "openPublished"; bytes?: ArrayBuffer; url?: string }
  /** The published layers under the cache for what follows (the open workspace's; [] for none). */
  | { kind: "setLayers"; ids: string[] }
  /** A bundle of the chosen runs of the cache (SPEC.md §12). */
  | { kind: "exportBundle"; name: string; workspace: unknown; runIds: string[]; results: "requested" | "all" | "none"; files: "read" | "all" | "none" }
  /** The visitor's answer to a `networkAsk`. */
  | { kind: "networkAnswer"; askId: number; allow: boolean };

/** Managing the cache (issue 11); every op answers with the usage after it. */
export type CacheOp =
  | { op: "usage" }
  | { op: "pin"; node: string; pinned: boolean }
  | { op: "evict"; criteria: EvictCriteria }
  | { op: "pruneRuns"; keep: number }
  /** null: back to the default (a share of the browser's quota). */
  | { op: "limit"; maxBytes: number | null };

export type RequestKind = Request["kind"];
export type RequestOf<K extends RequestKind> = Extract<Request, { kind: K }>;

export interface ResponseMap {
  analyze: Analysis;
  run: SentRunOutcome;
  plan: Plan;
  parseSql: (SqlParseProblem | null)[] | null;
  explain: RunExplanation | undefined;
  diffValues: ValueDiff | { kind: "missing"; reason: string };
  cancel: { cancelled: boolean };
  listRuns: RunSummary[];
  markStopped: { stopped: boolean };
  loadRun: RunDetails | undefined;
  preview: Preview;
  chartData: ChartData;
  decodeKey: DecodedCacheKey;
  listFiles: FileInfo[];
  readFile: { name: string; bytes: ArrayBuffer };
  listResults: StoredResultInfo[];
  readResult: { name: string; bytes: ArrayBuffer };
  uploadFile: FileInfo;
  cancelUpload: { cancelled: boolean };
  clearCache: { cleared: true };
  setBackend: { backend: BackendKind; path: string };
  manageCache: CacheUsage;
  openPublished: PublishedSummary;
  setLayers: { ids: string[] };
  exportBundle: PublishOutcome;
  networkAnswer: { answered: boolean };
}

export type RequestMessage = { id: number; request: Request };

export type ToWorker =
  | RequestMessage
  /** Sent once, first: the port of the compute realm where node code runs (src/realm). */
  | { realm: MessagePort };

export type FromWorker =
  | { type: "result"; id: number; value: ResponseMap[RequestKind] }
  | { type: "error"; id: number; error: WireError }
  /**
   * Follows a run's `result` (which comes as soon as its values and statuses are known) once its
   * results and record are stored: the final outcome, which says STORAGE if the disk was full.
   */
  | { type: "settled"; id: number; value: SentRunOutcome }
  /** A run's progress and log lines since the last update, in order (see worker/outbox.ts). */
  | { type: "updates"; id: number; progress: NodeProgress[]; logs: LogLine[] }
  /** How much of an upload is stored so far (a few per second at most). */
  | { type: "uploadProgress"; id: number; loaded: number; total: number }
  /** Node code asked for a URL of an origin: may it? The page answers with `networkAnswer`. */
  | { type: "networkAsk"; askId: number; origin: string; url: string };

export type { Analysis, CacheUsage, EvictCriteria, Explanation, FileInfo, NodeProgress, Plan, RunExplanation, RunRecord, SeenNode, StoredResultInfo, ValueDiff };
