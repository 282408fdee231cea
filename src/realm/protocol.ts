/**
 * Every message between the engine worker (the app's origin, which keeps the stores) and the
 * compute realm (an opaque-origin worker that runs node code). Two channels:
 * - the realm port: the engine worker asks the realm to run, cancel, preview or forget;
 * - one backend port per run: the realm calls the run's `CacheBackend` (and the network broker)
 *   on the engine worker's side. Only these calls cross; tables cross as Arrow IPC bytes.
 */
import type { CacheBackend, FileBackend, MetadataStore, ResultStore, RunLog } from "../engine";
import type { DataVersion, Plan, ReadAhead, RunRecord, SqlParseProblem } from "../engine";
import type { WireEvent } from "./wireEvents";
import type { IndexedRunRecord } from "../engine";
import type { ChartChoice, ChartData, NodeProgress, Preview, RequestOf, WireError } from "../worker/protocol";

export type RunParams = Omit<RequestOf<"run">, "kind">;
export type PlanParams = Omit<RequestOf<"plan">, "kind">;

export type ComputeRequest =
  /**
   * `backend` is a fresh port the realm calls for this run's stores; the run keeps it until done.
   * `readAhead`: the run's metadata, read as the run was sent, for the nodes the last run on this
   * cache asked for; if they cover this run's, its prefetch needs no round trip.
   * `sameSources`: the run's modules are the last run's, and `run.sources` is left empty: a
   * dataflow's text (~10 KB for the benchmark's) crosses to the realm's process when it changes.
   */
  | { kind: "run"; run: RunParams; backend: MessagePort; backendKind: "indexeddb" | "memory"; backendName: string; readAhead?: ReadAhead; sameSources?: boolean }
  | { kind: "cancel"; runCallId: number }
  /** A plan (SPEC.md §11) builds the module, so it is made here too; it reads metadata only. */
  /**
   * `index`: the cache's past runs of the module's nodes, which the realm's backend does not serve
   * (it serves no history): a plan's reasons ("code changed", "input changed") come from them.
   */
  | { kind: "plan"; plan: PlanParams; backend: MessagePort; backendKind: "indexeddb" | "memory"; backendName: string; index?: IndexedRunRecord[] }
  /** A value the realm still holds (outputs of disable/ignore nodes are stored nowhere else). */
  | { kind: "preview"; dataVersion: string; offset: number; limit: number }
  /** A chart of such a value, binned here: only its few thousand points cross. */
  | { kind: "chart"; dataVersion: string; choice: ChartChoice }
  /** The cache was cleared or switched: values held for previews are dropped. */
  | { kind: "forget" }
  /** Whether SQL texts parse, by the realm's DuckDB if it has started (live runs wait for them). */
  | { kind: "parseSql"; texts: string[] };

/**
 * A run's record as the realm sends it: without its events, which reached the engine worker once
 * already in the run's updates, nor its modules, which the engine worker sent. The engine worker
 * puts both back (realm/client.ts). Bytes between the realm's process and the engine worker's are
 * dear: a warm 10k-row run's full record (~60 KB) cost the realm ~3-5 ms of CPU to post, twice.
 */
export type SentRecord = Omit<RunRecord, "events" | "modules"> & {
  /**
   * Where each of the record's events is among those the run's updates sent, when it lists them
   * in another order (the run's node order: a node's held writes come after later nodes' visits,
   * parallel nodes finish in any order). Absent: in the order sent.
   */
  eventOrder?: number[];
};

/** A run's answer with its record as sent; the engine worker prints the log lines itself. */
export type RealmOutcome =
  | { status: "succeeded"; record: SentRecord | undefined }
  | { status: "failed" | "cancelled"; record: SentRecord | undefined; error: WireError };

export interface ComputeResponseMap {
  run: RealmOutcome;
  cancel: { cancelled: boolean };
  plan: Plan;
  preview: Preview | null;
  chart: ChartData | null;
  forget: { forgotten: true };
  parseSql: (SqlParseProblem | null)[] | null;
}

export type ComputeKind = ComputeRequest["kind"];
export type ComputeRequestOf<K extends ComputeKind> = Extract<ComputeRequest, { kind: K }>;

export type ToCompute = { id: number; request: ComputeRequest };

export type FromCompute =
  | { type: "result"; id: number; value: ComputeResponseMap[ComputeKind] }
  /**
   * A run's outcome as soon as its values and statuses are known; its `result` follows once its
   * results are stored (with the final record, which may then say STORAGE).
   */
  | { type: "answer"; id: number; value: RealmOutcome }
  | { type: "error"; id: number; error: WireError }
  /** A run's progress and its events, in the order emitted (the record's events, sent once). */
  | { type: "updates"; id: number; progress: NodeProgress[]; events: WireEvent[] };

/** The async methods of a store as `{ method, args }` pairs, so a call is typed by what it calls. */
type Calls<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends (...args: infer A) => Promise<unknown> ? { method: K; args: A } : never;
}[keyof T];

/**
 * Only what a run needs: node code can reach its own run's cache through these, so nothing
 * that lists, clears or reads history is served. `get` decodes on the realm's side (from
 * `getStored`): a decoded table cannot cross.
 */
export type MetadataCalls = Calls<Pick<MetadataStore, "get" | "getEntry" | "getMany" | "set" | "entriesFor" | "setMany">>;
export type ResultCalls = Calls<Pick<ResultStore, "getStored" | "has" | "hasMany" | "set" | "formats" | "setMany" | "touch" | "headers">>;

/**
 * A result the realm found damaged on read: the engine worker checks it again itself and drops
 * it (with its keys) only if it really is, so node code can never delete a good result.
 */
export interface IntegrityCalls {
  method: "dropCorrupt";
  args: [dataVersions: DataVersion[]];
}
export type RunLogCalls = Calls<Pick<RunLog, "put">>;
/**
 * A run's metadata in one round trip (stores/runMetadata.ts): its nodes' keys and held results;
 * and a write batch's results then their keys in one (runner/writeQueue.ts).
 */
export type BackendCalls = Calls<Required<Pick<CacheBackend, "runMetadata" | "storeBatch">>>;
export type FileCalls = Calls<Pick<FileBackend, "get" | "put" | "headers">>;

/** What the realm's network broker may ask for: bytes of one URL, after the visitor allowed its origin. */
export interface NetworkCalls {
  method: "fetch";
  args: [url: string];
}
export interface FetchedBytes {
  url: string;
  status: number;
  statusText: string;
  contentType: string | null;
  bytes: ArrayBuffer;
}

export type BackendCall =
  | ({ target: "metadataStore" } & MetadataCalls)
  | ({ target: "resultStore" } & ResultCalls)
  | ({ target: "runLog" } & RunLogCalls)
  | ({ target: "backend" } & BackendCalls)
  | ({ target: "files" } & FileCalls)
  | ({ target: "integrity" } & IntegrityCalls)
  | ({ target: "network" } & NetworkCalls)
  | { target: "duckdb"; method: "assets"; args: [] };

export type ToHost = { id: number; call: BackendCall };
export type FromHost = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The one message the page sends the compute realm's bootstrap: the code to run and its port. */
export interface RealmBoot {
  sluiceRealm: 1;
  /** The compute worker's script (built: its text; dev: a module URL it imports). */
  code: string;
  port: MessagePort;
}
