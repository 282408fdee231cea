/**
 * A pool worker of the compute realm (pool.ts): the run's modules, evaluated when a run begins,
 * and node calls answered one at a time, in the order they came, each value's buffers transferred
 * back. A call is not begun while the one before awaits (settles, takes its fingerprint): a run's
 * held tables and a call's refusals are the worker's, one call's at a time.
 */
import type { ColumnTable } from "arquero";
import { createPoolProgram } from "../engine/runner/poolWorker";
import type { FromPoolWorker, ToPoolWorker } from "./pool";

type Post = (message: FromPoolWorker, transfer?: Transferable[]) => void;

export function createPoolWorker(post: Post) {
  let program: ReturnType<typeof createPoolProgram> | undefined;
  // Stored tables held across runs (engine/runner/views.ts): the realm says when to let one go.
  const bases = new Map<string, ColumnTable>();
  let turn = Promise.resolve();
  return function handle(message: ToPoolWorker): Promise<void> {
    turn = turn.then(() => respond(message));
    return turn;
  };

  async function respond(message: ToPoolWorker): Promise<void> {
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
  }
}
