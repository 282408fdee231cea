/**
 * The engine worker's only door to the compute realm. A run gets a fresh backend port served
 * from the run's `CacheBackend`; progress and log batches are passed on as they come.
 */
import { DEFAULT_KEEP_RUNS, type CacheBackend, type Plan } from "../engine";
import { runDetails } from "../worker/details";
import { EngineClientError } from "../worker/errors";
import type { ChartChoice, ChartData, LogLine, NodeProgress, Preview, RunOutcome } from "../worker/protocol";
import type { ComputeKind, ComputeRequest, ComputeRequestOf, ComputeResponseMap, FromCompute, PlanParams, RunParams, ToCompute } from "./protocol";
import { serveBackend, type NetworkBroker } from "./serveBackend";

export type Relay = (progress: NodeProgress[], logs: LogLine[]) => void;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  relay?: Relay;
}

export function createRealmClient(port: MessagePort, network: NetworkBroker) {
  let next = 0;
  const waiting = new Map<number, Waiting>();
  // The page names runs by its request id; the realm by ours.
  const runCalls = new Map<number, number>();

  port.onmessage = (event: MessageEvent<FromCompute>) => {
    const message = event.data;
    const entry = waiting.get(message.id);
    if (!entry) return;
    if (message.type === "updates") return entry.relay?.(message.progress, message.logs);
    waiting.delete(message.id);
    if (message.type === "result") entry.resolve(message.value);
    else entry.reject(new EngineClientError(message.error));
  };

  function call<K extends ComputeKind>(request: ComputeRequestOf<K>, transfer: Transferable[] = [], relay?: Relay) {
    const id = ++next;
    const promise = new Promise<ComputeResponseMap[K]>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, relay });
      const asRequest: ComputeRequest = request;
      port.postMessage({ id, request: asRequest } satisfies ToCompute, transfer);
    });
    return { id, promise };
  }

  return {
    /** Runs in the realm against `backend`; the final record is saved here, before the answer leaves. */
    async run(tag: number, params: RunParams, backend: CacheBackend, relay: Relay): Promise<RunOutcome> {
      const channel = new MessageChannel();
      // Set once the final record is on its way: a start record arriving after it is not written.
      let finished = false;
      const stop = serveBackend(channel.port1, backend, network, { finished: () => finished });
      const request = { kind: "run", run: params, backend: channel.port2, backendKind: backend.kind, backendName: backend.name } as const;
      const { id, promise } = call(request, [channel.port2], relay);
      runCalls.set(tag, id);
      try {
        const { record, ...outcome } = await promise;
        finished = true;
        // Its transaction opens now, so a history read that follows the answer sees it. A run
        // without caching kept its record in a memory backend of its own, as it always did.
        if (record && params.options.caching !== false) {
          // History retention (issue 11) once the record is in: the realm may not prune history.
          void backend.runLog
            .put(record)
            .then(() => backend.runLog.prune?.(DEFAULT_KEEP_RUNS))
            .catch(() => undefined);
        }
        return { ...outcome, details: runDetails(record) };
      } finally {
        runCalls.delete(tag);
        stop();
      }
    },
    /** A plan made in the realm against `backend`'s metadata (it stores nothing). */
    async plan(params: PlanParams, backend: CacheBackend): Promise<Plan> {
      const channel = new MessageChannel();
      const stop = serveBackend(channel.port1, backend, network);
      const request = { kind: "plan", plan: params, backend: channel.port2, backendKind: backend.kind, backendName: backend.name } as const;
      try {
        return await call(request, [channel.port2]).promise;
      } finally {
        stop();
      }
    },
    cancel(tag: number): boolean {
      const id = runCalls.get(tag);
      if (id === undefined) return false;
      void call({ kind: "cancel", runCallId: id }).promise.catch(() => undefined);
      return true;
    },
    /** A value the realm still holds from a run, or null. */
    preview: (dataVersion: string, offset: number, limit: number): Promise<Preview | null> =>
      call({ kind: "preview", dataVersion, offset, limit }).promise,
    /** A chart of a value the realm still holds, or null. */
    chart: (dataVersion: string, choice: ChartChoice): Promise<ChartData | null> => call({ kind: "chart", dataVersion, choice }).promise,
    forget: () => call({ kind: "forget" }).promise,
  };
}

export type RealmClient = ReturnType<typeof createRealmClient>;
