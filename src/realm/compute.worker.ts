/**
 * The compute worker: started from a blob inside the sandbox frame, so it has an opaque origin
 * and the frame's policy (no storage, no network). Its first message carries the realm port, or,
 * for a copy the realm starts for parallel runs (pool.ts), says it is a pool worker.
 */
import { serveCompute } from "./compute";
import { createPoolWorker } from "./poolWorker";

// Node code runs in this scope, and a worker that closes itself says nothing to whoever waits on
// it: its call would never be answered. So `close()` fails the node that calls it instead.
Object.defineProperty(self, "close", {
  value: () => {
    throw new Error("close() would end the compute worker; node code may not call it");
  },
});

self.onmessage = (event: MessageEvent<{ port: MessagePort } | { poolWorker: 1 }>) => {
  if ("poolWorker" in event.data) {
    const handle = createPoolWorker((message, transfer = []) => self.postMessage(message, { transfer }));
    self.onmessage = (next: MessageEvent) => void handle(next.data);
    return;
  }
  self.onmessage = null;
  serveCompute(event.data.port);
};
