/**
 * The engine worker: a thin adapter from protocol messages to engine calls. Nothing here
 * decides anything about caching; it only runs requests and reports what the engine says.
 */
import { analyzeModules } from "../engine";
import { assertNever } from "../engine";
import { createRealmClient } from "../realm/client";
import type { FromWorker, Request, ResponseMap, RunOutcome, ToWorker } from "./protocol";
import { createAskTable, createNetworkBroker } from "./network";
import { createSession, type Session } from "./session";
import { toWireError } from "./toWire";
import { loadDuckDbAssets } from "./duckdbAssets";
import { toSent } from "./details";

const asks = createAskTable((askId, origin, url) => post({ type: "networkAsk", askId, origin, url }));
let connected: Session | undefined;
/** Runs answered before their writes were durable: each gets a `settled` message once they are. */
const afterAnswer = new Map<number, Promise<RunOutcome>>();

/** Node code never runs here: every run goes to the compute realm the page connected. */
function session(): Session {
  if (!connected) throw new Error("The compute realm is not connected");
  return connected;
}

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

async function dispatch(request: Request, id: number): Promise<ResponseMap[Request["kind"]]> {
  switch (request.kind) {
    case "analyze":
      return analyzeModules(request.sources);
    case "run": {
      // The realm batches progress and log lines (worker/outbox.ts); they are passed on as they come.
      const call = session().run(request, id, (progress, logs) => post({ type: "updates", id, progress, logs }));
      afterAnswer.set(id, call.settled);
      return call.answer.then(toSent);
    }
    case "networkAnswer":
      return { answered: asks.answer(request.askId, request.allow) };
    case "plan":
      return session().plan(request);
    case "parseSql":
      return session().parseSql(request.texts);
    case "explain":
      return session().explain(request.runId);
    case "diffValues":
      return session().diffValues(request);
    case "cancel":
      return { cancelled: session().cancel(request.runRequestId) };
    case "markStopped":
      return session().markStopped(request.runId, request.seen);
    case "listRuns":
      return session().listRuns();
    case "loadRun":
      return session().loadRun(request.runId);
    case "preview":
      return session().preview(request);
    case "chartData":
      return session().chartData(request);
    case "decodeKey":
      return session().decodeKey(request.cacheKey);
    case "listFiles":
      return session().listFiles();
    case "readFile":
      return session().readFile(request.name);
    case "listResults":
      return session().listResults(request.limit);
    case "readResult":
      return session().readResult(request.dataVersion);
    case "uploadFile":
      return session().uploadFile(id, request.name, request.file, (loaded, total) => post({ type: "uploadProgress", id, loaded, total }));
    case "cancelUpload":
      return { cancelled: session().cancelUpload(request.uploadRequestId) };
    case "clearCache":
      await session().clearCache(request.history, request.files);
      return { cleared: true };
    case "setBackend":
      return session().setBackend(request.backend, request.path);
    case "manageCache":
      return session().manageCache(request.op);
    case "openPublished":
      return session().openPublished(request);
    case "setLayers":
      return session().setLayers(request.ids);
    case "exportBundle":
      return session().exportBundle(request);
    default:
      return assertNever(request, "request");
  }
}

/** File bytes are moved, not copied: a download can be many megabytes. */
function transferables(value: unknown): Transferable[] {
  if (typeof value === "object" && value !== null && "bytes" in value && value.bytes instanceof ArrayBuffer) return [value.bytes];
  return [];
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  if ("realm" in event.data) {
    connected = createSession(createRealmClient(event.data.realm, createNetworkBroker(asks.ask), loadDuckDbAssets));
    return;
  }
  const { id, request } = event.data;
  dispatch(request, id).then(
    (value) => {
      post({ type: "result", id, value }, transferables(value));
      // After the answer, always: the page's client resolves the run first, then its tail.
      const settled = afterAnswer.get(id);
      afterAnswer.delete(id);
      settled?.then(
        (outcome) => post({ type: "settled", id, value: toSent(outcome) }),
        (error: unknown) => post({ type: "settled", id, value: { status: "failed", details: undefined, error: toWireError(error) } }),
      );
    },
    (error: unknown) => {
      afterAnswer.delete(id);
      post({ type: "error", id, error: toWireError(error) });
    },
  );
};
