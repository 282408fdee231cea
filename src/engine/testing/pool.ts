/**
 * A pool for tests: `size` workers stood in by module instances in this thread, each evaluated
 * afresh, with every value crossing as it would between threads (packed, structured-cloned with
 * its buffers transferred, unpacked) and each call finishing after a random delay, so nodes finish
 * in shuffled orders. What it proves is that the runner's answers do not depend on that order.
 * `flush` posts waiting calls to busy workers, which answer their calls in turn, as the compute
 * realm's do (realm/pool.ts): a run then hands calls out while it runs a node itself.
 */
import type { ColumnTable } from "arquero";
import { callsToCover, createPoolQueue, leastLoaded, loadMs } from "../runner/queue";
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
  /** Calls `flush` posted to a worker that was answering another. */
  readonly postedAhead: number;
}



export function createTestPool(sources: string[], size: number, seed = 1): TestPool {
  let t = seed;
  const random = () => {
    t = (t * 1103515245 + 12345) % 2147483648;
    return t / 2147483648;
  };
  const queue = createPoolQueue<Promise<void>>(size);
  const bases = Array.from({ length: size }, () => new Map<string, ColumnTable>());
  const workers = Array.from({ length: size }, (_, i) => createPoolProgram(sources, bases[i]));
  const heldBases: HeldBases[] = Array.from({ length: size }, () => new Map());
  // Each worker answers its calls one at a time, in the order they were posted.
  const turns = workers.map(() => Promise.resolve());
  const posted = workers.map(() => [] as number[]);
  const aheadMs = (slot: number) => posted[slot].reduce((sum, ms) => sum + ms, 0);
  const crossings = createCrossings();
  const holds = workers.map(() => new Set<number>());
  let running = 0;
  let mostAtOnce = 0;
  let calls = 0;
  let resent = 0;
  let postedAhead = 0;
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
    get postedAhead() {
      return postedAhead;
    },
    flush(coverMs) {
      const count = callsToCover(queue.waitingMs(), workers.map((_, slot) => aheadMs(slot)), coverMs);
      if (count === 0) return undefined;
      return Promise.all(queue.flush(count)).then(() => undefined);
    },
    crossingMs: crossingPriced(crossings, missedReads, size),
    async run({ node, args, expectedMs, dropped, versioned, reads }: PooledCall): Promise<PooledResult | undefined> {
      let wasPosted!: () => void;
      const posting = new Promise<void>((resolve) => (wasPosted = resolve));
      const release = await queue.acquire(expectedMs, posting);
      const ms = loadMs(expectedMs);
      const slot = leastLoaded([...workers.keys()], (s) => posted[s].length > 0, aheadMs)!;
      try {
        if (dropped?.aborted) return undefined;
        if (posted[slot].length > 0) postedAhead++;
        posted[slot].push(ms);
        // Packed when posted, as the realm does; executed when the worker gets to it.
        const call = (sent?: ColumnReads): Promise<PooledAnswer | undefined> => {
          const packed = crossings.pack(args, holds[slot], heldBases[slot], sent);
          if (!packed) return Promise.resolve(undefined);
          calls++;
          const crossed = structuredClone(packed.packed, { transfer: packed.transfer });
          const answer = turns[slot].then(async () => {
            running++;
            mostAtOnce = Math.max(mostAtOnce, running);
            try {
              await new Promise((resolve) => setTimeout(resolve, random() * 4));
              return await (await workers[slot]).call(node, crossed, versioned);
            } finally {
              running--;
            }
          });
          turns[slot] = answer.then(() => undefined, () => undefined);
          return answer;
        };
        let sends = 0;
        const answering = sendReading(node, reads, missedReads, (sent) => (sends++, call(sent)), () => dropped?.aborted === true);
        wasPosted();
        const answer = await answering.finally(() => posted[slot].splice(posted[slot].indexOf(ms), 1));
        resent += Math.max(0, sends - 1);
        if (!answer) return undefined;
        return resultOf(answer.ok === true ? { ...answer, packed: structuredClone(answer.packed, { transfer: answer.transfer }) } : answer);
      } finally {
        wasPosted();
        release();
      }
    },
  };
}
