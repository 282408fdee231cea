/**
 * Stores results off the critical path: writes start at once, in order, while the next node
 * computes. The run drains the queue before it commits its log, and a failed write fails the run.
 */
export function createWriteQueue() {
  let tail: Promise<void> = Promise.resolve();
  let failure: unknown;
  return {
    push(write: () => Promise<void>): void {
      tail = tail.then(write).catch((error: unknown) => {
        failure ??= error;
      });
    },
    /** Fails fast: a run stops at the first failed write instead of computing on. */
    check(): void {
      if (failure !== undefined) throw failure;
    },
    async drain(): Promise<void> {
      await tail;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
