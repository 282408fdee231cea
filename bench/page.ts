/**
 * The bench page: drives the engine through the app's own client and worker
 * (`createEngineClient()`), times each request from the page's side, and exposes
 * `window.sluiceBench` to Playwright.
 */
import { createEngineClient } from "../src/worker/client";
import type { RunOutcome } from "../src/worker/protocol";

const client = createEngineClient();

export interface Timed {
  ms: number;
  status: RunOutcome["status"];
  error?: string;
  nodes: { name: string; status: string; durationMs?: number }[];
}

async function run(sources: string[], outputs: string[], inputs: Record<string, unknown>, cache: boolean): Promise<Timed> {
  const started = performance.now();
  // "No cache" through the app's path: every node `disable`d executes and stores nothing.
  const outcome = await client.run({ sources, outputs, inputs, overrides: {}, options: cache ? {} : { caching: false } });
  const ms = performance.now() - started;
  const nodes = (outcome.details?.record.nodes ?? []).map(({ name, status, durationMs }) => ({ name, status, durationMs }));
  return { ms, status: outcome.status, error: outcome.status === "succeeded" ? undefined : outcome.error.message, nodes };
}

const api = {
  /** A fresh database for one repetition. */
  useDatabase: (path: string) => client.setBackend("indexeddb", path),
  clear: () => client.clearCache({ history: true, files: true }),
  run,
};

declare global {
  interface Window {
    sluiceBench: typeof api;
  }
}
window.sluiceBench = api;
document.getElementById("status")!.textContent = "ready";
