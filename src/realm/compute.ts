/**
 * The compute realm: where node code runs. It builds and executes drivers exactly as the engine
 * worker once did, but against a `CacheBackend` reached by messages (remoteBackend.ts), in a
 * worker whose opaque origin and Content-Security-Policy leave it no storage and no network.
 */
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { assertNever, Builder, createKeptValues, createSqlEngine, isSluiceError, runIndexOf, serializeEvent, SluiceError, type ComputedRun, type HeldUse, type RunRecord } from "../engine";
import { startBrowserDuckDb, type DuckDbAssets } from "./duckdb";
import { chartData } from "../worker/chart";
import { createOutbox } from "../worker/outbox";
import { previewValue } from "../worker/preview";
import { toWireError } from "../worker/toWire";
import { createValueCache } from "../worker/valueCache";
import type { ComputeRequest, ComputeRequestOf, ComputeResponseMap, FromCompute, RealmOutcome, ToCompute } from "./protocol";
import { createRealmPool, type RealmPool } from "./pool";
import { createRemoteBackend } from "./remoteBackend";
import { toWireEvent, type WireEvent } from "./wireEvents";

type Post = (message: FromCompute, transfer?: Transferable[]) => void;

/** A copy of this worker's own script, told it is a pool worker (compute.worker.ts). */
function spawnPoolWorker(): Worker {
  const worker = new Worker((globalThis as { location?: { href: string } }).location!.href);
  worker.postMessage({ poolWorker: 1 });
  return worker;
}

/** Unstored values of a run's non-output nodes kept at most (the most recently computed). */
export const UNSTORED_KEPT = 8;

/**
 * Where each of the record's events was in the stream, when the record lists them in another
 * order; undefined when it does not. The record's order keeps each node's events in the order
 * they came (runner/record.ts), so each is the next one streamed for its node.
 */
function streamOrder(events: RunRecord["events"], streamed: readonly WireEvent[]): number[] | undefined {
  if (events.length !== streamed.length) return undefined;
  const next = new Map<string, number[]>();
  for (let i = streamed.length - 1; i >= 0; i--) {
    const name = streamed[i][2];
    const queue = next.get(name);
    if (queue) queue.push(i);
    else next.set(name, [i]);
  }
  const order = events.map((event) => next.get(event.nodeName)?.pop() ?? -1);
  if (order.includes(-1)) return undefined;
  return order.every((at, i) => at === i) ? undefined : order;
}

/**
 * The outcome to send. Its record's events went out in the run's updates and its modules came
 * with the request (protocol.ts); the record lists events in the run's node order, and they
 * happen in another (a node's held writes come after later nodes' visits, parallel nodes finish
 * in any order), so it says where each of its events is in what was sent.
 */
function outcomeOf(full: RunRecord | undefined, streamed: readonly WireEvent[], error?: unknown): RealmOutcome {
  const record =
    full &&
    (({ events, modules: _modules, ...rest }: RunRecord) => {
      const order = streamOrder(events, streamed);
      return order ? { ...rest, eventOrder: order } : rest;
    })(full);
  if (error === undefined) return { status: "succeeded", record };
  const wire = toWireError(error);
  return { status: wire.code === "CANCELLED" ? "cancelled" : "failed", record, error: wire };
}

/**
 * `startDuckDb` starts DuckDB from the assets the engine worker sends (the browser's way by
 * default; Node tests pass DuckDB's Node build).
 */
export function createCompute(post: Post, startDuckDb: (assets: () => Promise<DuckDbAssets>) => Promise<DuckDBBindings> = async (assets) => startBrowserDuckDb(await assets())) {
  const runs = new Map<number, AbortController>();
  const values = createValueCache();
  // Values of nodes that are not outputs and are stored nowhere (disable, ignore): the realm is
  // the only place they live after a run, so the last few are kept to be previewed and charted.
  const unstored = createValueCache(UNSTORED_KEPT);
  // Stored values of earlier runs, sealed so node code can be given them again (engine/runner/
  // keep.ts): a run whose key still matches then reads and decodes no body for its arguments.
  const kept = createKeptValues();
  // Workers for parallel runs, started when a run first asks for more than one.
  let pool: RealmPool | undefined;
  // Each node's duration when it last executed here, by workspace (another's node of the same
  // name is another node): a parallel run starts the longest first.
  const lastDurations = new Map<string, Record<string, number>>();
  const durationsOf = (tags?: Record<string, string>) => {
    const scope = tags?.workspace ?? "";
    let known = lastDurations.get(scope);
    if (!known) lastDurations.set(scope, (known = {}));
    return known;
  };
  // The modules of the last run, which the next one may name as its own (`sameSources`).
  let lastSources: string[] = [];
  // One DuckDB for the realm, started by the first sql() node through that run's backend port.
  let assetsOfRun: (() => Promise<DuckDbAssets>) | undefined;
  const sql = createSqlEngine(() => {
    const assets = assetsOfRun;
    if (!assets) return Promise.reject(new SluiceError("BAD_OPTION", "DuckDB can start only during a run"));
    return startDuckDb(assets);
  });
  const held = (dataVersion: string) => values.get(dataVersion) ?? unstored.get(dataVersion) ?? kept.get(dataVersion, "output");

  /** Values of a run kept here for previews, by data version, as its record names them. */
  function keep(record: RunRecord | undefined, computed: Record<string, unknown> | undefined): void {
    const durations = durationsOf(record?.tags);
    for (const node of record?.nodes ?? []) {
      if (node.status === "executed" && node.durationMs !== undefined) durations[node.name] = node.durationMs;
      if (computed && node.dataVersion && node.name in computed) values.set(node.dataVersion, computed[node.name]);
    }
  }

  /**
   * Answers twice: as soon as the run's values and statuses are known (`answer`, posted from the
   * driver's `onComputed`), and with the request's result once its results are stored.
   */
  async function run(request: ComputeRequestOf<"run">, id: number): Promise<RealmOutcome> {
    const { outputs, inputs, overrides, options, tags, workers = 1 } = request.run;
    const sources = request.sameSources ? lastSources : request.run.sources;
    lastSources = sources;
    const remote = createRemoteBackend(request.backend, request.backendKind, request.backendName, request.readAhead);
    const controller = new AbortController();
    runs.set(id, controller);
    const outbox = createOutbox<WireEvent>((progress, events) => post({ type: "updates", id, progress, events }));
    // Every event as it was sent, to tell whether the record lists them in another order.
    const streamed: WireEvent[] = [];
    const onComputed = ({ results, error, record }: ComputedRun) => {
      // Outputs that were never stored (disable, ignore) can still be previewed after the run.
      keep(record, results);
      outbox.flush();
      post({ type: "answer", id, value: outcomeOf(record, streamed, error) });
    };
    try {
      // A build error (syntax, cycle, bad option) rejects: there is no run to record.
      const { caching = true, ...cacheOptions } = options;
      // Without the cache, nodes still read and write the user's file area.
      assetsOfRun = remote.duckdbAssets;
      const builder = new Builder().withModules(...sources).withNetwork(remote.fetch).withFiles(remote.backend.files).withSql(sql);
      const dr = await (caching ? builder.withCache({ ...cacheOptions, backend: remote.backend }) : builder).build();
      const hooks = {
        signal: controller.signal,
        onProgress: outbox.progress,
        onEvent: (event: Parameters<typeof serializeEvent>[0]) => {
          const wire = toWireEvent(serializeEvent(event));
          streamed.push(wire);
          outbox.log(wire);
        },
        onUnstored: (_node: string, dataVersion: string, value: unknown) => unstored.set(dataVersion, value),
        onComputed,
        keepValue: (_node: string, dataVersion: string, value: unknown) => kept.keep(dataVersion, value),
        // Kept values first: they can be given to node code; outputs' are for what the run returns.
        heldValue: (dataVersion: string, use: HeldUse) => kept.get(dataVersion, use) ?? values.get(dataVersion),
        ...(workers > 1 && { pool: (pool ??= createRealmPool(spawnPoolWorker)).forRun(workers, sources, controller.signal, tags?.workspace), expectedMs: { ...durationsOf(tags) } }),
      };
      try {
        await dr.execute(outputs, { inputs, overrides, tags, ...hooks });
        // The driver holds the record it just saved: reading it back cost a 500-node chain ~6 ms.
        return outcomeOf(dr.cache.record(), streamed);
      } catch (error) {
        const record = dr.cache.lastRunId ? dr.cache.record() : undefined;
        // A full disk still computed the values: they stay here to be previewed.
        keep(record, isSluiceError(error) ? error.details.results : undefined);
        return outcomeOf(record, streamed, error);
      }
    } finally {
      outbox.flush();
      runs.delete(id);
      remote.close();
    }
  }

  /** What the next run will do (SPEC.md §11): the module is built here, the metadata read there. */
  async function plan(request: ComputeRequestOf<"plan">) {
    const { sources, outputs, inputs, overrides, options } = request.plan;
    const remote = createRemoteBackend(request.backend, request.backendKind, request.backendName);
    // Its backend serves no history: the engine worker sent the past of this module's nodes.
    if (request.index) runIndexOf(remote.backend).prime(request.index);
    try {
      const { caching = true, ...cacheOptions } = options;
      const builder = new Builder().withModules(...sources).withNetwork(remote.fetch);
      const dr = await (caching ? builder.withCache({ ...cacheOptions, backend: remote.backend }) : builder).build();
      return await dr.plan(outputs, { inputs, overrides });
    } finally {
      remote.close();
    }
  }

  async function dispatch(request: ComputeRequest, id: number): Promise<ComputeResponseMap[ComputeRequest["kind"]]> {
    switch (request.kind) {
      case "run":
        return run(request, id);
      case "plan":
        return plan(request);
      case "cancel": {
        const controller = runs.get(request.runCallId);
        controller?.abort();
        return { cancelled: controller !== undefined };
      }
      case "preview": {
        const hit = held(request.dataVersion);
        return hit ? previewValue(hit.value, request.offset, request.limit) : null;
      }
      case "chart": {
        const hit = held(request.dataVersion);
        return hit ? chartData(hit.value, request.choice) : null;
      }
      case "forget":
        values.clear();
        unstored.clear();
        kept.clear();
        return { forgotten: true };
      case "parseSql":
        return sql.parseProblems(request.texts) ?? null;
      default:
        return assertNever(request, "compute request");
    }
  }

  return {
    handle({ id, request }: ToCompute): void {
      dispatch(request, id).then(
        (value) => post({ type: "result", id, value }),
        (error: unknown) => post({ type: "error", id, error: toWireError(error) }),
      );
    },
  };
}

/** Serves the realm port: every request the engine worker sends, answered on the same port. */
export function serveCompute(port: MessagePort, startDuckDb?: Parameters<typeof createCompute>[1]): void {
  const compute = createCompute((message, transfer = []) => port.postMessage(message, transfer), startDuckDb);
  port.onmessage = (event: MessageEvent<ToCompute>) => compute.handle(event.data);
}
