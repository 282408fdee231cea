/**
 * The compute worker: started from a blob inside the sandbox frame, so it has an opaque origin
 * and the frame's policy (no storage, no network). Its first message carries the realm port.
 */
import { serveCompute } from "./compute";

self.onmessage = (event: MessageEvent<{ port: MessagePort }>) => {
  self.onmessage = null;
  serveCompute(event.data.port);
};
