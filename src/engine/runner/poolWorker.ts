/**
 * One pool worker's side of a parallel run (pool.ts): the run's modules evaluated afresh, as every
 * run evaluates them, and node calls answered. What only the realm has (the file area, the
 * network) is refused: a node that reaches for it, even one that catches the refusal, is answered
 * `unsupported` and runs in the realm instead, so its value is the one a one-worker run computes.
 */
import type { ColumnTable } from "arquero";
import { analysisOf } from "../driver";
import type { FileArea } from "../files";
import { createProgram } from "./program";
import { executePooled, NeedsRealm, unpackArgs, type PackedArg, type PooledAnswer } from "./pool";

/** `bases`: the stored tables this worker holds across runs (views.ts), kept by whoever keeps the worker. */
export async function createPoolProgram(sources: string[], bases: Map<string, ColumnTable> = new Map()) {
  let reached = false;
  const refuse = (what: string): never => {
    reached = true;
    throw new NeedsRealm(what);
  };
  const files = new Proxy({} as FileArea, { get: () => () => refuse("The file area") });
  const program = createProgram(await analysisOf(sources), () => files, () => refuse("The network"));
  // The run's tables this worker was sent, kept for its next calls that take them.
  const held = new Map<number, unknown>();
  // Whether the call read a column it was not sent (columns.ts), even if it caught the refusal.
  let missed = false;
  const touched = () => void (missed = true);
  return {
    async call(node: string, args: PackedArg[], versioned = true): Promise<PooledAnswer> {
      reached = false;
      missed = false;
      const answer = await executePooled(program.fn(node) as (...args: unknown[]) => unknown, unpackArgs(args, held, bases, touched), () => program.sluice.settle(), versioned);
      if (missed) return { ok: "unsupported", columns: true };
      return reached ? { ok: "unsupported" } : answer;
    },
  };
}
