/**
 * Calls waiting for a free worker, longest expected first (a node never timed goes first: it may
 * be long). `acquire` resolves when the call may start; `flush` starts waiting calls at once,
 * however busy the workers are (they then answer them in turn).
 *
 * `size` calls hold a worker each; a call `flush` started holds none. When one that holds a worker
 * is done, the next waiting call starts: had the flushed calls counted, a worker that finished its
 * own would wait, idle, for the other's posted calls to be answered (1M rows, no cache: ~70 ms of
 * one worker idle while the other, slower, had three stats to go).
 */
export function createPoolQueue<Tag = unknown>(size: number) {
  const waiting: { expectedMs: number; tag?: Tag; start: (holds: boolean) => void }[] = [];
  let busy = 0;
  const longestFirst = () => waiting.sort((a, b) => b.expectedMs - a.expectedMs);
  const next = () => {
    while (busy < size && waiting.length > 0) {
      longestFirst();
      busy++;
      waiting.shift()!.start(true);
    }
  };
  return {
    /** What the waiting calls are expected to take, longest first: the order `flush` starts them in. */
    waitingMs(): number[] {
      return longestFirst().map((call) => call.expectedMs);
    },
    /** Starts the `count` waiting calls expected to take longest now, however busy the workers are; gives their tags. */
    flush(count = waiting.length): Tag[] {
      longestFirst();
      const started: Tag[] = [];
      for (let i = 0; i < count && waiting.length > 0; i++) {
        const call = waiting.shift()!;
        if (call.tag !== undefined) started.push(call.tag);
        call.start(false);
      }
      return started;
    },
    /** Resolves when a worker is free for this call; call the returned function when it is done. `tag` is what `flush` gives back for it. */
    acquire(expectedMs = Number.POSITIVE_INFINITY, tag?: Tag): Promise<() => void> {
      return new Promise((resolve) => {
        waiting.push({
          expectedMs,
          tag,
          start: (holds) =>
            resolve(() => {
              if (holds) busy--;
              next();
            }),
        });
        // Deferred a microtask, so calls made together are ordered together.
        queueMicrotask(next);
      });
    },
  };
}

/**
 * How many of the waiting calls (their expected ms, longest first) to post now so that each worker
 * has about `coverMs` of work: what the realm is about to be taken for. Not all of them: once
 * posted, a call stays with its worker, and a worker that shares its core with the realm went at
 * half the other's pace (1M-row cold run: one worker idle for 230 ms, the other 12 stats behind).
 */
export function callsToCover(waitingMs: readonly number[], ahead: readonly number[], coverMs: number, paces: readonly number[] = ahead.map(() => 1)): number {
  const loads = [...ahead];
  let count = 0;
  for (const ms of waitingMs) {
    const least = loads.indexOf(Math.min(...loads));
    if (loads[least] >= coverMs) break;
    loads[least] += Number.isFinite(ms) ? ms * paces[least] : coverMs;
    count++;
  }
  return count;
}

/** What a call never timed counts for in a worker's load: long, so that such calls spread over the workers. */
const UNTIMED_MS = 50;

/** A call's part of its worker's load: what it is expected to take, or `UNTIMED_MS`. */
export const loadMs = (expectedMs?: number): number => (expectedMs !== undefined && Number.isFinite(expectedMs) ? expectedMs : UNTIMED_MS);

/** The worker to post a call to: an idle one first, then the one with the least to do, then the faster. */
export function leastLoaded<W>(workers: readonly W[], busy: (worker: W) => boolean, aheadMs: (worker: W) => number, pace: (worker: W) => number = () => 1): W | undefined {
  return [...workers].sort((a, b) => Number(busy(a)) - Number(busy(b)) || aheadMs(a) - aheadMs(b) || pace(a) - pace(b))[0];
}
