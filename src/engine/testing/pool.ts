/**
 * A pool for tests: `size` workers stood in by module instances in this thread, each evaluated
 * afresh, with every value crossing as it would between threads (packed, structured-cloned with
 * its buffers transferred, unpacked) and each call finishing after a random delay, so nodes finish
 * in shuffled orders. What it proves is that the runner's answers do not depend on that order.
 */
import type { ColumnTable } from "arquero";
import { createCrossings, createPoolQueue, crossingMs, resultOf, type HeldBases, type NodePool, type PooledCall, type PooledResult } from "../runner/pool";
import { createPoolProgram } from "../runner/poolWorker";

export interface TestPool extends NodePool {
  /** The most calls that were executing at once. */
  readonly mostAtOnce: number;
  readonly calls: number;
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
  return {
    size,
    get mostAtOnce() {
      return mostAtOnce;
    },
    get calls() {
      return calls;
    },
    crossingMs: (table, readers) => crossingMs(table, readers, size, crossings.packedBytes(table)),
    async run({ node, args, expectedMs, dropped }: PooledCall): Promise<PooledResult | undefined> {
      const release = await queue.acquire(expectedMs);
      if (dropped?.aborted) {
        release();
        return undefined;
      }
      const slot = free.shift()!;
      const packed = crossings.pack(args, holds[slot], heldBases[slot]);
      if (!packed) {
        free.push(slot);
        release();
        return undefined;
      }
      running++;
      calls++;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        const crossed = structuredClone(packed.packed, { transfer: packed.transfer });
        await new Promise((resolve) => setTimeout(resolve, random() * 4));
        const answer = await (await workers[slot]).call(node, crossed);
        return resultOf(answer.ok === true ? { ...answer, packed: structuredClone(answer.packed, { transfer: answer.transfer }) } : answer);
      } finally {
        running--;
        free.push(slot);
        release();
      }
    },
  };
}
