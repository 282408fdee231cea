import { assertNever } from "../engine/errors";
import { withRealm } from "../realm/frame";
import { fromSent } from "./details";
import { EngineClientError } from "./errors";
import { createPendingTable, type Pending } from "./pending";
import type { FromWorker, LogLine, NodeProgress, RequestKind, RequestOf, RequestMessage, ResponseMap, RunOutcome } from "./protocol";

/** Deadlines for requests that should be quick; runs have none (a dataflow may take minutes). */
const TIMEOUT_MS: Partial<Record<RequestKind, number>> = {
  analyze: 20_000,
  plan: 20_000,
  parseSql: 10_000,
  explain: 30_000,
  diffValues: 60_000,
  listRuns: 30_000,
  loadRun: 30_000,
  preview: 60_000,
  chartData: 60_000,
  decodeKey: 10_000,
  listFiles: 30_000,
  listResults: 30_000,
  setBackend: 10_000,
  setLayers: 60_000,
  openPublished: 60_000,
};

/** Crashes in a row, with no message in between, after which the worker is not started again. */
const MAX_SILENT_CRASHES = 3;

/** How long a cancelled run may take to reach a node boundary before the worker is replaced. */
const STOP_GRACE_MS = 400;

export type RunParams = Omit<RequestOf<"run">, "kind">;

/**
 * A run's answer, as soon as its values and statuses are known, and `settled`: its outcome once
 * its results and record are stored (a full disk shows there as a STORAGE failure). The next
 * run, history and the Cache panel wait for that in the worker; `settled` never rejects.
 */
export type RunAnswer = RunOutcome & { settled: Promise<RunOutcome> };
export interface RunHandlers {
  onProgress?(progress: NodeProgress): void;
  onLog?(log: LogLine): void;
}

const noop = () => undefined;

export interface UploadOptions {
  /** Bytes stored so far of `total`. */
  onProgress?(loaded: number, total: number): void;
  signal?: AbortSignal;
}

/** Node code runs in the compute realm the worker is given, never in the worker itself. */
function spawn(): Worker {
  return withRealm(new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }));
}

/** Whether node code may fetch from `origin`; without an answer the page refuses. */
export type AskNetwork = (origin: string, url: string) => Promise<boolean>;
const refuse: AskNetwork = async () => false;

/**
 * The page's only door to the engine. Requests get ids, deadlines and typed errors
 * (`EngineClientError.code`). `stop()` cancels the live run and, if a node does not yield in
 * time, replaces the worker: results stored before the stop stay cached (a run stores its own
 * after its last node, so a worker replaced mid-run stored none of that run's).
 */
export function createEngineClient(makeWorker: () => Worker = spawn, options: { askNetwork?: AskNetwork } = {}) {
  const askNetwork = options.askNetwork ?? refuse;
  const pending = createPendingTable();
  let worker = makeWorker();
  let activeRun: { id: number; done: Promise<unknown> } | undefined;
  // Runs answered whose tail (writes, record) the worker has yet to report, by request id.
  const settling = new Map<number, (outcome: RunOutcome) => void>();
  // A fresh worker starts on the default cache; the last choice is replayed into it.
  let backendChoice: RequestOf<"setBackend"> | undefined;
  let layersChoice: RequestOf<"setLayers"> | undefined;
  let disposed = false;
  let crashes = 0;
  let broken = false;

  function deliver(id: number, progress: NodeProgress[], logs: LogLine[]): void {
    const handlers = pending.get(id);
    if (!handlers) return;
    for (const item of progress) handlers.onProgress?.(item);
    for (const line of logs) handlers.onLog?.(line);
  }

  function onMessage(event: MessageEvent<FromWorker>): void {
    crashes = 0;
    const message = event.data;
    switch (message.type) {
      case "result":
        return pending.resolve(message.id, message.value);
      case "error":
        return pending.reject(message.id, message.error);
      case "updates":
        return deliver(message.id, message.progress, message.logs);
      case "settled": {
        const settle = settling.get(message.id);
        settling.delete(message.id);
        return settle?.(fromSent(message.value));
      }
      case "uploadProgress":
        return pending.get(message.id)?.onUpload?.(message.loaded, message.total);
      case "networkAsk": {
        const answer = (allow: boolean) => void send({ kind: "networkAnswer", askId: message.askId, allow }).catch(() => undefined);
        return void askNetwork(message.origin, message.url).then(answer, () => answer(false));
      }
      default:
        return assertNever(message, "worker message");
    }
  }

  function attach(target: Worker): void {
    target.onmessage = onMessage;
    target.onerror = (event) => {
      event.preventDefault();
      // A worker that dies before saying anything (it failed to load) is not respawned forever.
      if (++crashes >= MAX_SILENT_CRASHES) broken = true;
      restart(EngineClientError.of("WORKER_CRASHED", `The engine worker crashed: ${event.message || "unknown error"}`));
    };
  }

  function restart(reason: EngineClientError): void {
    worker.terminate();
    activeRun = undefined;
    pending.rejectAll(reason);
    // A tail cut short stored what it had (results before their keys, so nothing half-written).
    for (const settle of settling.values()) settle({ status: "failed", details: undefined, error: reason.toWire() });
    settling.clear();
    if (disposed || broken) return;
    worker = makeWorker();
    attach(worker);
    if (backendChoice) void send(backendChoice).catch(() => undefined);
    if (layersChoice) void send(layersChoice).catch(() => undefined);
  }

  function request<K extends RequestKind>(message: RequestOf<K>, handlers: Omit<Pending, "resolve" | "reject"> = {}) {
    let id = 0;
    const promise = new Promise<ResponseMap[K]>((resolve, reject) => {
      if (disposed) return reject(EngineClientError.of("DISPOSED", "The engine client was disposed"));
      if (broken) return reject(EngineClientError.of("WORKER_CRASHED", "The engine worker cannot start; reload the page"));
      id = pending.add({ resolve: resolve as (v: unknown) => void, reject, ...handlers }, TIMEOUT_MS[message.kind], message.kind);
      // An upload's File is posted as it is: the worker reads it from disk, the page never does.
      worker.postMessage({ id, request: message } satisfies RequestMessage);
    });
    return { id, promise };
  }

  const send = <K extends RequestKind>(message: RequestOf<K>) => request(message).promise;

  attach(worker);

  return {
    analyze: (sources: string[]) => send({ kind: "analyze", sources }),
    run(params: RunParams, handlers: RunHandlers = {}): Promise<RunAnswer> {
      const { id, promise } = request({ kind: "run", ...params }, handlers);
      const run = { id, done: promise.then(noop, noop) };
      activeRun = run;
      void run.done.then(() => {
        if (activeRun === run) activeRun = undefined;
      });
      const settled = new Promise<RunOutcome>((resolve) => settling.set(id, resolve));
      const answer = promise.then(
        (outcome) => ({ ...fromSent(outcome), settled }),
        (error: unknown) => {
          settling.delete(id);
          throw error;
        },
      );
      // Handled as the request itself is (run.done): a caller that awaits later still sees the error.
      answer.catch(noop);
      return answer;
    },
    /** Cancels the live run: politely first, then by replacing the worker. */
    async stop(): Promise<void> {
      const run = activeRun;
      if (!run) return;
      void send({ kind: "cancel", runRequestId: run.id }).catch(() => undefined);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), STOP_GRACE_MS)));
      const outcome = await Promise.race([run.done.then(() => "settled" as const), deadline]);
      clearTimeout(timer);
      if (outcome === "late" && activeRun === run) restart(EngineClientError.of("CANCELLED", "Run stopped (the engine worker was restarted). Results stored before the stop stay cached."));
    },
    get running(): boolean {
      return activeRun !== undefined;
    },
    plan: (params: Omit<RequestOf<"plan">, "kind">) => send({ kind: "plan", ...params }),
    parseSql: (texts: string[]) => send({ kind: "parseSql", texts }),
    explain: (runId: string) => send({ kind: "explain", runId }),
    diffValues: (params: Omit<RequestOf<"diffValues">, "kind">) => send({ kind: "diffValues", ...params }),
    listRuns: () => send({ kind: "listRuns" }),
    markStopped: (runId: string, seen: RequestOf<"markStopped">["seen"]) => send({ kind: "markStopped", runId, seen }),
    loadRun: (runId: string) => send({ kind: "loadRun", runId }),
    preview: (request: Omit<RequestOf<"preview">, "kind">) => send({ kind: "preview", ...request }),
    chartData: (request: Omit<RequestOf<"chartData">, "kind">) => send({ kind: "chartData", ...request }),
    decodeKey: (cacheKey: string) => send({ kind: "decodeKey", cacheKey }),
    listFiles: () => send({ kind: "listFiles" }),
    readFile: (name: string) => send({ kind: "readFile", name }),
    /** Streams a file into the file area; `signal` cancels it (nothing is kept). */
    uploadFile(name: string, file: Blob, options: UploadOptions = {}): Promise<ResponseMap["uploadFile"]> {
      const { id, promise } = request({ kind: "uploadFile", name, file }, { onUpload: options.onProgress });
      const cancel = () => void send({ kind: "cancelUpload", uploadRequestId: id }).catch(() => undefined);
      options.signal?.addEventListener("abort", cancel, { once: true });
      return promise.finally(() => options.signal?.removeEventListener("abort", cancel));
    },
    listResults: (limit?: number) => send({ kind: "listResults", limit }),
    readResult: (dataVersion: string) => send({ kind: "readResult", dataVersion }),
    clearCache: (what: { history: boolean; files: boolean }) => send({ kind: "clearCache", ...what }),
    manageCache: (op: RequestOf<"manageCache">["op"]) => send({ kind: "manageCache", op }),
    setBackend(backend: RequestOf<"setBackend">["backend"], path: string) {
      backendChoice = { kind: "setBackend", backend, path };
      return send(backendChoice);
    },
    /** Opens a `.sluice` file's bytes (kept in this browser) or a published folder's URL. */
    openPublished: (source: { bytes: ArrayBuffer } | { url: string }) => send({ kind: "openPublished", ...source }),
    /** The published layers under the cache from now on (the open workspace's). */
    setLayers(ids: string[]) {
      layersChoice = { kind: "setLayers", ids };
      return send(layersChoice);
    },
    exportBundle: (options: Omit<RequestOf<"exportBundle">, "kind">) => send({ kind: "exportBundle", ...options }),
    dispose(): void {
      disposed = true;
      restart(EngineClientError.of("DISPOSED", "The engine client was disposed"));
    },
  };
}

export type EngineClient = ReturnType<typeof createEngineClient>;
