/**
 * A pool for tests: `size` workers stood in by module instances in this thread, each evaluated
 * afresh, with every value crossing as it would between threads (packed, structured-cloned with
 * its buffers transferred, unpacked) and each call finishing after a random delay, so nodes finish
 * in shuffled orders. What it proves is that the runner's answers do not depend on that order.
 */
import type { ColumnTable } from "arquero";
import { createPoolQueue } from "../runner/queue";
import { createCrossings, resultOf, type HeldBases, type NodePool, type PooledAnswer, type PooledCall, type PooledResult } from "../runner/pool";
import { createMissedReads, crossingPriced, sendReading, type ColumnReads } from "../runner/columns";
import { createReturnCosts } from "../runner/pricing";
import { createPoolProgram } from "../runner/poolWorker";

export interface TestPool extends NodePool {
  /** The most calls that were executing at once. */
  readonly mostAtOnce: number;
  readonly calls: number;
  /** Calls sent again with every column, after their code read one it was not sent. */
  readonly resent: number;
}

export function createTestPool(sources: string[], size: number, seed = 1): TestPool {
  let t = seed;
  const random = () => {
    t = (t * 1103515245 + 12345) % 2147483648;
    return t / 2147483648;
  };
  const queue = createPoolQueue(size);
  const bases = Array.from({ length: size }, () => new Map<string, ColumnTable>());
  const workers = Array.from({ length: size }, (_, i) => createPoolProgram(sources, bases[i]));
  const heldBases: HeldBases[] = Array.from({ length: size }, () => new Map());
  const free = [...workers.keys()];
  const crossings = createCrossings();
  const holds = workers.map(() => new Set<number>());
  let running = 0;
  let mostAtOnce = 0;
  let calls = 0;
  let resent = 0;
  const missedReads = createMissedReads();
  // Only what a node took here: its value's way back is priced as it would be without measures.
  const learned = createReturnCosts();
  return {
    size,
    ranHere: (node, value, durationMs) => learned.ranHere(node, value, durationMs),
    msHere: (node) => learned.msHere(node),
    get mostAtOnce() {
      return mostAtOnce;
    },
    get calls() {
      return calls;
    },
    get resent() {
      return resent;
    },
    crossingMs: crossingPriced(crossings, missedReads, size),
    async run({ node, args, expectedMs, dropped, versioned, reads }: PooledCall): Promise<PooledResult | undefined> {
      const release = await queue.acquire(expectedMs);
      if (dropped?.aborted) {
        release();
        return undefined;
      }
      const slot = free.shift()!;
      const call = async (sent?: ColumnReads): Promise<PooledAnswer | undefined> => {
        const packed = crossings.pack(args, holds[slot], heldBases[slot], sent);
        if (!packed) return undefined;
        calls++;
        const crossed = structuredClone(packed.packed, { transfer: packed.transfer });
        await new Promise((resolve) => setTimeout(resolve, random() * 4));
        return (await workers[slot]).call(node, crossed, versioned);
      };
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        let sends = 0;
        const answer = await sendReading(node, reads, missedReads, (sent) => (sends++, call(sent)), () => dropped?.aborted === true);
        resent += Math.max(0, sends - 1);
        if (!answer) return undefined;
        return resultOf(answer.ok === true ? { ...answer, packed: structuredClone(answer.packed, { transfer: answer.transfer }) } : answer);
      } finally {
        running--;
        free.push(slot);
        release();
      }
    },
  };
}
