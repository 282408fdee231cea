/**
 * Calls waiting for a free worker, longest expected first (a node never timed goes first: it may
 * be long). `acquire` resolves when the call may start; `flush` starts every waiting call at once,
 * however busy the workers are (they then answer them in turn).
 */
export function createPoolQueue(size: number) {
  const waiting: { expectedMs: number; start: () => void }[] = [];
  let busy = 0;
  const next = () => {
    while (busy < size && waiting.length > 0) {
      waiting.sort((a, b) => b.expectedMs - a.expectedMs);
      start();
    }
  };
  const start = () => {
    busy++;
    waiting.shift()!.start();
  };
  return {
    /** What the waiting calls are expected to take, longest first: the order `flush` starts them in. */
    waitingMs(): number[] {
      waiting.sort((a, b) => b.expectedMs - a.expectedMs);
      return waiting.map((call) => call.expectedMs);
    },
    /** Starts the `count` waiting calls expected to take longest now, however busy the workers are. */
    flush(count = waiting.length): void {
      waiting.sort((a, b) => b.expectedMs - a.expectedMs);
      for (let i = 0; i < count && waiting.length > 0; i++) start();
    },
    /** Resolves when a worker is free for this call; call the returned function when it is done. */
    acquire(expectedMs = Number.POSITIVE_INFINITY): Promise<() => void> {
      return new Promise((resolve) => {
        waiting.push({
          expectedMs,
          start: () =>
            resolve(() => {
              busy--;
              next();
            }),
        });
        // Deferred a microtask, so calls made together are ordered together.
        queueMicrotask(next);
      });
    },
  };
}
