import type { LogLine, NodeProgress } from "./protocol";

/**
 * A run's progress and log lines, sent to the page in few messages instead of one per event: a
 * warm 500-node chain makes ~5,000 events, and posting each cost the worker ~45 ms and the page
 * as many message tasks. A node starting to run is sent at once (with everything before it), so
 * the page shows it running even if its code then holds the worker; the rest goes out on the
 * next macrotask, which on a run of hits is when the run next waits for storage.
 */
export function createOutbox<Log = LogLine>(send: (progress: NodeProgress[], logs: Log[]) => void) {
  let progress: NodeProgress[] = [];
  let logs: Log[] = [];
  let scheduled = false;

  function flush(): void {
    if (progress.length === 0 && logs.length === 0) return;
    const batch = { progress, logs };
    progress = [];
    logs = [];
    send(batch.progress, batch.logs);
  }

  function later(): void {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      flush();
    }, 0);
  }

  return {
    progress(item: NodeProgress): void {
      progress.push(item);
      if (item.status === "running") flush();
      else later();
    },
    log(line: Log): void {
      logs.push(line);
      later();
    },
    /** Sends what is left; the run's answer must follow its last update. */
    flush,
  };
}
