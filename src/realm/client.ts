/**
 * The engine worker's only door to the compute realm. A run gets a fresh backend port served
 * from the run's `CacheBackend`; progress and log batches are passed on as they come.
 */
import { analyzeModules, DEFAULT_KEEP_RUNS, enforceLimit, indexedRuns, readRunMetadata, runIndexOf, type CacheBackend, type Plan, type ReadAhead, type RunRecord } from "../engine";
import { logLine } from "../worker/details";
import { EngineClientError } from "../worker/errors";
import type { ChartChoice, ChartData, LogLine, NodeProgress, Preview, RunOutcome } from "../worker/protocol";
import type { ComputeKind, ComputeRequest, ComputeRequestOf, ComputeResponseMap, FromCompute, PlanParams, RealmOutcome, RunParams, SentRecord, ToCompute } from "./protocol";
import { serveBackend, type NetworkBroker } from "./serveBackend";
import type { DuckDbAssets } from "./duckdb";
import { fromWireEvent, type WireEvent } from "./wireEvents";

export type Relay = (progress: NodeProgress[], logs: LogLine[]) => void;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** A run's progress and events as they come. */
  relay?(progress: NodeProgress[], events: WireEvent[]): void;
  /** A run's early answer (its values and statuses known, its writes not yet made). */
  onAnswer?(outcome: RealmOutcome): void;
}

/**
 * A run as the engine worker sees it: `answer` as soon as its values and statuses are known,
 * `settled` once its results and its record are stored (a full disk then shows as STORAGE).
 */
export interface RunCall {
  answer: Promise<RunOutcome>;
  settled: Promise<RunOutcome>;
}

const stoppedBeforeStart: RunOutcome = {
  status: "cancelled",
  details: undefined,
  error: { code: "CANCELLED", message: "The run was stopped before it started", details: {} },
};

export function createRealmClient(port: MessagePort, network: NetworkBroker, duckdb?: () => Promise<DuckDbAssets>) {
  let next = 0;
  const waiting = new Map<number, Waiting>();
  // The page names runs by its request id; the realm by ours. A run still waiting for the one
  // before it to settle has no realm call yet: stopping it just answers it.
  const runCalls = new Map<number, number | (() => void)>();
  // The last run's writes and record: the next run, a plan, and reads of the cache wait for them.
  let tail: Promise<unknown> = Promise.resolve();
  // The modules of the last run sent: the realm keeps them, so the same ones are not sent again.
  let lastSources: string[] | undefined;
  // The nodes the last run on each cache asked metadata for, by backend.
  const askedFor = new Map<string, readonly string[]>();
  const cacheId = (backend: CacheBackend) => `${backend.kind}:${backend.name}`;

  /**
   * The run's metadata read here as it is sent, for the nodes the last run on this cache asked
   * for: the realm's prefetch then makes no round trip when they cover its nodes (a repeated run
   * does). Read once the run before has settled, it is the cache that run left, as the prefetch
   * would see it; from memory (stores/mirror.ts) it costs ~0.1 ms.
   */
  async function readAhead(backend: CacheBackend, params: RunParams): Promise<ReadAhead | undefined> {
    const nodeNames = askedFor.get(cacheId(backend));
    if (!nodeNames || params.options.caching === false) return undefined;
    try {
      const read = await (backend.runMetadata ? backend.runMetadata(nodeNames) : readRunMetadata(backend, nodeNames));
      return read && { nodeNames, read };
    } catch {
      return undefined; // the realm asks for it itself
    }
  }

  port.onmessage = (event: MessageEvent<FromCompute>) => {
    const message = event.data;
    const entry = waiting.get(message.id);
    if (!entry) return;
    if (message.type === "updates") return entry.relay?.(message.progress, message.events);
    if (message.type === "answer") return entry.onAnswer?.(message.value);
    waiting.delete(message.id);
    if (message.type === "result") entry.resolve(message.value);
    else entry.reject(new EngineClientError(message.error));
  };

  function call<K extends ComputeKind>(request: ComputeRequestOf<K>, transfer: Transferable[] = [], hooks: Pick<Waiting, "relay" | "onAnswer"> = {}) {
    const id = ++next;
    const promise = new Promise<ComputeResponseMap[K]>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, ...hooks });
      const asRequest: ComputeRequest = request;
      port.postMessage({ id, request: asRequest } satisfies ToCompute, transfer);
    });
    return { id, promise };
  }

  /** Saves a run's final record; history retention (issue 11) once it is in: the realm may not prune history. */
  async function saveRecord(backend: CacheBackend, record: RunRecord): Promise<void> {
    try {
      await backend.runLog.put(record);
    } catch {
      return; // A record that could not be saved leaves the run `running`, closed as interrupted later.
    }
    // The next plan's reasons compare with this run (plans are made in the realm from this index).
    runIndexOf(backend).add(record);
    void Promise.resolve(backend.runLog.prune?.(DEFAULT_KEEP_RUNS)).catch(() => undefined);
    // The size limit is kept here, where the stores are: the realm's backend can neither read the
    // limit nor list results, so a run there never enforced it (found by `bench --soak`: 31 MB of
    // results under a 16 MB limit after 50 runs). The run's own results are kept.
    if (record.nodes.some((n) => n.status === "executed")) {
      const keep = record.nodes.flatMap((n) => (n.dataVersion ? [n.dataVersion] : []));
      await enforceLimit(backend, keep).catch(() => undefined);
    }
  }

  // The node names of the last module planned: plans repeat with the same code (an input edited).
  let named: { key: string; names: Promise<Set<string>> } | undefined;
  function nodeNamesOf(sources: readonly string[]): Promise<Set<string>> {
    const key = sources.join("\u0000");
    if (named?.key !== key) named = { key, names: analyzeModules(sources).then((a) => new Set(a.nodes.map((n) => n.name))) };
    return named.names;
  }

  /** Runs in the realm against `backend`, once the run before has settled. */
  function startRun(tag: number, params: RunParams, backend: CacheBackend, relay: Relay, onAnswer: (outcome: RunOutcome) => void, ahead?: ReadAhead): Promise<RunOutcome> {
    // The run's events, each sent once by the realm, in order; and their log lines, printed here.
    const events: WireEvent[] = [];
    const lines: LogLine[] = [];
    const relayEvents = (progress: NodeProgress[], sent: WireEvent[]) => {
      const printed = sent.map(([actor, eventType, nodeName, msg]) => logLine({ actor, eventType, nodeName, msg }));
      events.push(...sent);
      lines.push(...printed);
      relay(progress, printed);
    };
    // The realm sends a record without its events and modules: every event before it has come
    // (same port, in order), and the modules are the ones sent.
    // The record says where its events are among those sent when it lists them in another
    // order (protocol.ts); its log lines, printed as they came, are put in that order too.
    let order: number[] | undefined;
    const whole = (sent: SentRecord | undefined): RunRecord | undefined => {
      if (!sent) return undefined;
      const { eventOrder, ...record } = sent;
      order = eventOrder;
      const ordered = eventOrder ? eventOrder.map((i) => events[i]) : events;
      return { ...record, modules: [...params.sources], events: ordered.map((event) => fromWireEvent(record.runId, event)) };
    };
    const details = (record: RunRecord | undefined) => record && { record, log: order ? order.map((i) => lines[i]) : [...lines] };
    const channel = new MessageChannel();
    // Set once the final record is on its way: a start record arriving after it is not written.
    let finished = false;
    const askedMetadata = (nodeNames: readonly string[]) => askedFor.set(cacheId(backend), nodeNames);
    const startRecord = (record: RunRecord): RunRecord => ({ ...record, modules: [...params.sources] });
    const stop = serveBackend(channel.port1, backend, network, { finished: () => finished, askedMetadata, startRecord, duckdb });
    const sameSources = lastSources !== undefined && lastSources.length === params.sources.length && lastSources.every((text, i) => text === params.sources[i]);
    lastSources = params.sources;
    const run = sameSources ? { ...params, sources: [] } : params;
    const request = { kind: "run", run, backend: channel.port2, backendKind: backend.kind, backendName: backend.name, readAhead: ahead, sameSources } as const;
    const answered = ({ record, ...outcome }: RealmOutcome) => onAnswer({ ...outcome, details: details(whole(record)) });
    const { id, promise } = call(request, [channel.port2], { relay: relayEvents, onAnswer: answered });
    runCalls.set(tag, id);
    return promise
      .then(async ({ record: sent, ...outcome }) => {
        finished = true;
        const record = whole(sent);
        // A run without caching kept its record in a memory backend of its own, as it always did.
        if (record && params.options.caching !== false) await saveRecord(backend, record);
        return { ...outcome, details: details(record) };
      })
      .finally(() => {
        runCalls.delete(tag);
        stop();
      });
  }

  return {
    /**
     * Runs in the realm against `backend`. The answer comes as soon as the run's values and
     * statuses are known; `settled` once its results and final record are stored. Runs never
     * overlap: each starts once the one before has settled, so it sees the cache that one left.
     */
    run(tag: number, params: RunParams, backend: CacheBackend, relay: Relay): RunCall {
      let answered!: (outcome: RunOutcome) => void;
      const answer = new Promise<RunOutcome>((resolve) => (answered = resolve));
      let stopped = false;
      runCalls.set(tag, () => {
        stopped = true;
        answered(stoppedBeforeStart);
      });
      const settled = tail.then(async () => {
        const ahead = stopped ? undefined : await readAhead(backend, params);
        if (stopped) {
          runCalls.delete(tag);
          return stoppedBeforeStart;
        }
        // The answer's record is not saved: the final one follows with the writes it names.
        return startRun(tag, params, backend, relay, answered, ahead);
      });
      // A realm that never answered early (a build error rejects at once) answers with the result.
      settled.then(answered, () => undefined);
      tail = settled.catch(() => undefined);
      return { answer: Promise.race([answer, settled]), settled };
    },
    /** Resolves once the last run's results and record are stored (never rejects). */
    settled: (): Promise<void> => tail.then(() => undefined),
    /** A plan made in the realm against `backend`'s metadata (it stores nothing). */
    async plan(params: PlanParams, backend: CacheBackend): Promise<Plan> {
      // A plan describes the cache the last run leaves.
      await tail;
      const channel = new MessageChannel();
      const stop = serveBackend(channel.port1, backend, network, { duckdb });
      const index = await indexedRuns(backend, await nodeNamesOf(params.sources)).catch(() => undefined);
      const request = { kind: "plan", plan: params, backend: channel.port2, backendKind: backend.kind, backendName: backend.name, index } as const;
      try {
        return await call(request, [channel.port2]).promise;
      } finally {
        stop();
      }
    },
    cancel(tag: number): boolean {
      const id = runCalls.get(tag);
      if (id === undefined) return false;
      if (typeof id === "function") return id(), true;
      void call({ kind: "cancel", runCallId: id }).promise.catch(() => undefined);
      return true;
    },
    /** A value the realm still holds from a run, or null. */
    preview: (dataVersion: string, offset: number, limit: number): Promise<Preview | null> =>
      call({ kind: "preview", dataVersion, offset, limit }).promise,
    /** A chart of a value the realm still holds, or null. */
    chart: (dataVersion: string, choice: ChartChoice): Promise<ChartData | null> => call({ kind: "chart", dataVersion, choice }).promise,
    forget: () => call({ kind: "forget" }).promise,
    parseSql: (texts: string[]) => call({ kind: "parseSql", texts }).promise,
  };
}

export type RealmClient = ReturnType<typeof createRealmClient>;
