/**
 * The bench page: drives the engine through the app's own client and worker
 * (`createEngineClient()`), times each request from the page's side, and exposes
 * `window.sluiceBench` to Playwright.
 */
import { createEngineClient } from "../src/worker/client";
import type { RunOutcome } from "../src/worker/protocol";

const client = createEngineClient();

export interface Timed {
  /** From posting the request to the answer (values and statuses known). */
  ms: number;
  /** From posting the request to its results and record being stored (the run's tail drained). */
  durableMs: number;
  status: RunOutcome["status"];
  error?: string;
  runId?: string;
  nodes: { name: string; status: string; durationMs?: number; dataVersion?: string }[];
}

/** Compute workers each run may use (`--workers K`, SPEC.md §13). */
let workers = 1;

async function run(sources: string[], outputs: string[], inputs: Record<string, unknown>, cache: boolean): Promise<Timed> {
  const started = performance.now();
  // "No cache" through the app's path: every node `disable`d executes and stores nothing.
  const answer = await client.run({ sources, outputs, inputs, overrides: {}, options: cache ? {} : { caching: false }, workers });
  const ms = performance.now() - started;
  // Waited for, as the worker makes the next run wait: the next scenario starts on a durable
  // cache, so its figure is its own. A write that failed fails the run here.
  const outcome = await answer.settled;
  const durableMs = performance.now() - started;
  const nodes = (answer.details?.record.nodes ?? []).map(({ name, status, durationMs, dataVersion }) => ({ name, status, durationMs, dataVersion }));
  const error = outcome.status === "succeeded" ? undefined : outcome.error.message;
  return { ms, durableMs, status: outcome.status, error, runId: answer.details?.record.runId, nodes };
}

/** Fetches a file the bench serves and uploads it through the worker, as the Files panel does; ms. */
async function upload(route: string, name: string): Promise<number> {
  const file = await (await fetch(route)).blob();
  const started = performance.now();
  await client.uploadFile(name, file);
  return performance.now() - started;
}

/** The rows and columns of a table a run stored, from its preview. */
async function tableShape(runId: string, node: string, dataVersion: string): Promise<{ rows: number; columns: number }> {
  const preview = await client.preview({ runId, node, dataVersion, offset: 0, limit: 1 });
  if (preview.kind !== "table") throw new Error(`${node} is not a table (${preview.kind})`);
  return { rows: preview.numRows, columns: preview.columns.length };
}

const api = {
  upload,
  tableShape,
  /** A fresh database for one repetition. */
  useDatabase: (path: string) => client.setBackend("indexeddb", path),
  clear: () => client.clearCache({ history: true, files: true }),
  setWorkers: (k: number) => void (workers = k),
  run,
};

declare global {
  interface Window {
    sluiceBench: typeof api;
  }
}
window.sluiceBench = api;
document.getElementById("status")!.textContent = "ready";
