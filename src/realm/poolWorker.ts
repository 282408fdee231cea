/**
 * A pool worker of the compute realm (pool.ts): the run's modules, evaluated when a run begins,
 * and one node call answered at a time, its value's buffers transferred back.
 */
import { createPoolProgram } from "../engine/runner/poolWorker";
import type { FromPoolWorker, ToPoolWorker } from "./pool";

type Post = (message: FromPoolWorker, transfer?: Transferable[]) => void;

export function createPoolWorker(post: Post) {
  let program: ReturnType<typeof createPoolProgram> | undefined;
  return async function handle(message: ToPoolWorker): Promise<void> {
    if (message.kind === "begin") {
      program = createPoolProgram(message.sources);
      program.catch(() => undefined); // reported to the call that needs it
      return;
    }
    const started = performance.now();
    try {
      if (!program) throw new Error("no run has begun on this worker");
      const answer = await (await program).call(message.node, message.args);
      const durationMs = performance.now() - started;
      if (answer.ok === true) {
        const { transfer, ...sent } = answer;
        post({ id: message.id, answer: { ...sent, transfer: [] }, durationMs }, transfer);
        return;
      }
      try {
        post({ id: message.id, answer, durationMs });
      } catch {
        // What the node threw does not clone (a function, say): its words do.
        post({ id: message.id, answer: { ok: false, thrown: String((answer as { thrown?: unknown }).thrown) }, durationMs });
      }
    } catch (error) {
      post({ id: message.id, failed: error instanceof Error ? error.message : String(error) });
    }
  };
}
