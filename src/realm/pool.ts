/**
 * The compute realm's workers for parallel runs (SPEC.md §13). Each is a copy of the compute
 * worker's own script, started from inside the realm, so it has the realm's opaque origin and
 * policy: no storage, no network, nothing new reaches the app's origin. A worker evaluates a run's
 * modules the first time it is given one of its nodes, and answers its calls one at a time, in the
 * order they were posted: a worker usually has one, but more when the realm is about to run a
 * node itself (`flush`).
 *
 * Stop ends the run's busy workers (node code that spins cannot be interrupted otherwise) and
 * starts new ones in their place; one that dies is replaced the same way, failing its node.
 */
import type { ColumnTable } from "arquero";
import { isTable } from "../engine/formats";
import { createMissedReads, crossingPriced, sendReading, type ColumnReads } from "../engine/runner/columns";
import { createReturnCosts } from "../engine/runner/pricing";
import { callsToCover, createPoolQueue, leastLoaded, loadMs } from "../engine/runner/queue";
import { createCrossings, resultOf, sentColumns, type HeldBases, type NodePool, type PackedArg, type PooledAnswer, type PooledCall, type PooledResult } from "../engine/runner/pool";

/** Messages to a pool worker, and its answers. */
export type ToPoolWorker = { kind: "begin"; run: number; sources: string[] } | { kind: "call"; id: number; run: number; node: string; args: PackedArg[]; versioned?: boolean };
export type FromPoolWorker = { id: number; answer: PooledAnswer } | { id: number; failed: string };

interface Slot {
  worker: Worker;
  /** The run whose modules it has evaluated. */
  run?: number;
  /** The run's tables it was sent and keeps (their crossing keys). */
  holds: Set<number>;
  /** The stored tables it keeps across runs, by data version (engine/runner/views.ts). */
  bases: HeldBases;
  /** The calls it was posted and has not answered, in order, with what each is expected to take. */
  calls: Map<number, { settle: (message: FromPoolWorker) => void; expectedMs: number }>;
  /**
   * How long its calls took against what they were expected to take, lately: workers with the
   * same code ran the same stats at ~5 and ~27 ms a call (one had its core to itself), so the
   * calls posted ahead go by pace, not by count.
   */
  pace: number;
}

/** How much a new measure moves a worker's pace. */
const PACE_WEIGHT = 0.5;

/** A worker's pace, given a call that took `tookMs` of an expected `expectedMs`. */
function paced(slot: Slot, tookMs: number, expectedMs: number | undefined): void {
  if (!expectedMs || !Number.isFinite(expectedMs)) return;
  slot.pace = (1 - PACE_WEIGHT) * slot.pace + PACE_WEIGHT * Math.min(10, Math.max(0.1, tookMs / expectedMs));
}

/** Cells of `tables` a call sends: their rows times the columns it reads of each. */
const sentCells = (tables: ColumnTable[], reads?: ColumnReads) => tables.reduce((n, t) => n + t.numRows() * (sentColumns(t, reads)?.length ?? t.numCols()), 0);

/** What a worker has to do before it gets to a call posted now, about. */
const aheadMs = (slot: Slot) => slot.pace * [...slot.calls.values()].reduce((sum, call) => sum + call.expectedMs, 0);

export function createRealmPool(spawn: () => Worker) {
  const slots: Slot[] = [];
  let nextId = 1;
  let runs = 0;
  // Whether the last run sent a call to a worker: the next one begins its workers at once.
  let sentLastRun = false;
  // What each node's value held when it last executed, here or on a worker, and what it cost to
  // come back, across runs: a node with no arguments that builds a big table is not sent again
  // unless it takes longer than its value's way back.
  const returned = createReturnCosts();
  const missedReads = createMissedReads();

  function start(): Slot {
    const slot: Slot = { worker: spawn(), holds: new Set(), bases: new Map(), calls: new Map(), pace: 1 };
    slot.worker.onmessage = (event: MessageEvent<FromPoolWorker>) => {
      const call = slot.calls.get(event.data.id);
      if (!call) return;
      slot.calls.delete(event.data.id);
      call.settle(event.data);
    };
    slot.worker.onerror = (event) => {
      event.preventDefault();
      replace(slot, `the worker stopped: ${event.message || "it failed"}`);
    };
    return slot;
  }

  /**
   * Ends a slot's worker and puts a new one in its place. Stopped, its calls fail. Died, only the
   * call it was answering fails (the first: it answers in order); the calls posted behind it had
   * not begun, and run in the realm instead, so that the node that broke it is the one named.
   */
  function replace(slot: Slot, why: string, stopped = false): void {
    const index = slots.indexOf(slot);
    slot.worker.terminate();
    if (index >= 0) slots[index] = start();
    const calls = [...slot.calls];
    slot.calls.clear();
    calls.forEach(([id, call], i) => call.settle(stopped || i === 0 ? { id, failed: why } : { id, answer: { ok: "unsupported" } }));
  }

  /**
   * A pool of `size` workers for one run of `sources`. `scope` (the run's workspace) keeps what is
   * learned of a node apart from another dataflow's node of the same name.
   */
  function forRun(size: number, sources: string[], signal?: AbortSignal, scope = ""): NodePool {
    const key = (node: string) => `${scope}\0${node}`;
    while (slots.length < size) slots.push(start());
    const run = ++runs;
    // Each waiting call's tag: when it is posted (or runs here instead), what `flush` waits for.
    const queue = createPoolQueue<Promise<void>>(size);
    const crossings = createCrossings();
    const begin = (slot: Slot) => {
      slot.worker.postMessage({ kind: "begin", run, sources } satisfies ToPoolWorker);
      slot.run = run;
      slot.holds = new Set();
    };
    const stopBusy = () => {
      for (const slot of slots) if (slot.calls.size > 0 && slot.run === run) replace(slot, "the run was stopped", true);
    };
    signal?.addEventListener("abort", stopBusy, { once: true });
    // Begun now, not at their first call, when the last run sent any: a worker evaluates the
    // run's modules (and parses them after an edit) while the realm computes what its first call
    // needs. At 1M rows a worker's first call of a code edit took ~140–190 ms, its later ones ~25.
    // Runs that send nothing (10k rows, the 500-node chain) would only share their cores with it:
    // a 10k code edit took 32 ms instead of 22.
    if (sentLastRun) for (const slot of slots.slice(0, size)) if (slot.calls.size === 0) begin(slot);
    sentLastRun = false;
    return {
      size,
      returnedCells: (node) => returned.returnedCells(key(node)),
      returnedMs: (node) => returned.returnedMs(key(node)),
      ranHere: (node, value, durationMs) => returned.ranHere(key(node), value, durationMs),
      msHere: (node) => returned.msHere(key(node)),
      msThere: (node) => returned.msThere(key(node)),
      crossingMs: crossingPriced(crossings, missedReads, size, key, returned.crossingRate),
      flush(coverMs) {
        const mine = slots.slice(0, size);
        const count = callsToCover(queue.waitingMs(), mine.map(aheadMs), coverMs, mine.map((slot) => slot.pace));
        if (count === 0) return undefined;
        // Only the calls it posts: the others wait for a worker, which may take as long as a worker's call.
        return Promise.all(queue.flush(count)).then(() => undefined);
      },
      async run({ node, args, expectedMs, dropped, versioned, reads }: PooledCall): Promise<PooledResult | undefined> {
        let posted!: () => void;
        const posting = new Promise<void>((resolve) => (posted = resolve));
        const release = await queue.acquire(expectedMs, posting);
        try {
          // Of the workers not answering another run's calls (two runs at once in one realm): an
          // idle one first, then the one with the least to do by its pace.
          const free = slots.slice(0, size).filter((s) => s.calls.size === 0 || s.run === run);
          const slot = leastLoaded(free, (s) => s.calls.size > 0, aheadMs, (s) => s.pace);
          // Stopped, no longer wanted, or the workers are another run's: run here.
          if (signal?.aborted || dropped?.aborted || !slot) return undefined;
          if (slot.run !== run) begin(slot);
          const call = async (sent?: ColumnReads): Promise<PooledAnswer | undefined> => {
            // The cells of its tables not encoded yet this run, and the time their packing takes (encoding, and this worker's copy): a measured rate.
            const fresh = args.filter((arg) => isTable(arg) && crossings.packedBytes(arg, sent) === undefined) as ColumnTable[];
            const packing = performance.now();
            const packed = crossings.pack(args, slot.holds, slot.bases, sent);
            if (!packed) return undefined;
            if (fresh.length > 0) returned.encoded(key(node), sentCells(fresh, sent), performance.now() - packing);
            const id = nextId++;
            sentLastRun = true;
            const message = await new Promise<FromPoolWorker>((settle) => {
              slot.calls.set(id, { settle, expectedMs: loadMs(expectedMs) });
              try {
                slot.worker.postMessage({ kind: "call", id, run, node, args: packed.packed, versioned } satisfies ToPoolWorker, packed.transfer);
              } catch (error) {
                // Nothing reached the worker: what `pack` counted as sent there is not held there.
                slot.calls.delete(id);
                slot.holds = new Set();
                slot.bases = new Map();
                throw error;
              } finally {
                posted();
              }
            });
            if ("failed" in message) throw new Error(`Node \`${node}\` ran on a compute worker and ${message.failed}`);
            if (message.answer.ok === true) paced(slot, message.answer.durationMs, expectedMs);
            return message.answer;
          };
          const answer = await sendReading(key(node), reads, missedReads, call, () => signal?.aborted === true || dropped?.aborted === true);
          if (!answer) return undefined;
          const unpacking = performance.now();
          const result = resultOf(answer);
          if (result) returned.cameBack(key(node), answer, result.value, performance.now() - unpacking);
          return result;
        } finally {
          posted();
          release();
        }
      },
    };
  }

  return {
    forRun,
    dispose(): void {
      for (const slot of slots) slot.worker.terminate();
      slots.length = 0;
    },
  };
}

export type RealmPool = ReturnType<typeof createRealmPool>;
