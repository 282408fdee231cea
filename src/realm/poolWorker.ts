/**
 * A pool worker of the compute realm (pool.ts): the run's modules, evaluated when a run begins,
 * and one node call answered at a time, its value's buffers transferred back.
 */
import type { ColumnTable } from "arquero";
import { createPoolProgram } from "../engine/runner/poolWorker";
import type { FromPoolWorker, ToPoolWorker } from "./pool";

type Post = (message: FromPoolWorker, transfer?: Transferable[]) => void;

export function createPoolWorker(post: Post) {
  let program: ReturnType<typeof createPoolProgram> | undefined;
  // Stored tables held across runs (engine/runner/views.ts): the realm says when to let one go.
  const bases = new Map<string, ColumnTable>();
  return async function handle(message: ToPoolWorker): Promise<void> {
    if (message.kind === "begin") {
      program = createPoolProgram(message.sources, bases);
      program.catch(() => undefined); // reported to the call that needs it
      return;
    }
    try {
      if (!program) throw new Error("no run has begun on this worker");
      const answer = await (await program).call(message.node, message.args, message.versioned);
      if (answer.ok === true) {
        const { transfer, ...sent } = answer;
        post({ id: message.id, answer: { ...sent, transfer: [] } }, transfer);
        return;
      }
      try {
        post({ id: message.id, answer });
      } catch {
        // What the node threw does not clone (a function, say): its words do.
        if (answer.ok === false) post({ id: message.id, answer: { ...answer, thrown: String(answer.thrown) } });
      }
    } catch (error) {
      post({ id: message.id, failed: error instanceof Error ? error.message : String(error) });
    }
  };
}
