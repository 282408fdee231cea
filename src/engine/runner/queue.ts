/**
 * Calls waiting for a free worker, longest expected first (a node never timed goes first: it may
 * be long). `acquire` resolves when the call may start.
 */
export function createPoolQueue(size: number) {
  const waiting: { expectedMs: number; start: () => void }[] = [];
  let busy = 0;
  const next = () => {
    while (busy < size && waiting.length > 0) {
      waiting.sort((a, b) => b.expectedMs - a.expectedMs);
      busy++;
      waiting.shift()!.start();
    }
  };
  return {
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
