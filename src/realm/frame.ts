/**
 * The page's side of the compute realm: a hidden iframe of `sandbox.html` with `sandbox="allow-scripts"`
 * (an opaque origin: no IndexedDB, no Cache Storage, nothing of the app's origin) whose own
 * Content-Security-Policy allows no connection, and a blob worker it starts that inherits both.
 * The page only hands over the worker's code and a port; the engine worker holds the other end.
 */
import computeUrl from "./compute.worker.ts?worker&url";
import type { RealmBoot } from "./protocol";
import { controlledByAppWorker } from "../sw/register";
import { SANDBOX_FLAGS, SANDBOX_PAGE } from "./sandboxPage";

export interface RealmHandle {
  /** The engine worker's end of the realm port. */
  port: MessagePort;
  dispose(): void;
}

/**
 * The compute worker's script as a classic script the realm can start from a blob. Built: the
 * single-file bundle, fetched once from our origin. Dev: a loader that imports the dev server's
 * module (which the dev server's CORS and the dev sandbox policy allow), replaying early messages.
 */
let code: Promise<string> | undefined;
function workerCode(): Promise<string> {
  const url = new URL(computeUrl, document.baseURI).href;
  if (import.meta.env.DEV) {
    return Promise.resolve(
      `const early = []; self.onmessage = (e) => early.push(e);\n` +
        `import(${JSON.stringify(url)}).then(() => early.forEach((e) => self.onmessage(e)));`,
    );
  }
  code ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`Could not load the compute worker (${response.status})`);
    return response.text();
  });
  return code.then((text) => `"use strict";\n${text}`);
}

/** Starts a realm; `onCrash` hears when its worker fails (the caller restarts everything). */
export function openRealm(onCrash: (message: string) => void): RealmHandle {
  const channel = new MessageChannel();
  const frame = document.createElement("iframe");
  // Under our service worker its response header sandboxes the frame instead (see SANDBOX_FLAGS).
  if (!controlledByAppWorker()) frame.setAttribute("sandbox", SANDBOX_FLAGS);
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  frame.style.display = "none";
  frame.src = new URL(SANDBOX_PAGE, document.baseURI).href;
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || typeof event.data?.sluiceRealmError !== "string") return;
    onCrash(event.data.sluiceRealmError);
  };
  window.addEventListener("message", onMessage);
  let disposed = false;
  frame.addEventListener(
    "load",
    () => {
      workerCode().then(
        (text) => {
          if (disposed) return;
          const boot: RealmBoot = { sluiceRealm: 1, code: text, port: channel.port2 };
          // The frame's origin is opaque, so "*" is the only target that reaches it; it holds nothing.
          frame.contentWindow?.postMessage(boot, "*", [channel.port2]);
        },
        (error: unknown) => onCrash(error instanceof Error ? error.message : String(error)),
      );
    },
    { once: true },
  );
  document.body.append(frame);
  return {
    port: channel.port1,
    dispose(): void {
      disposed = true;
      window.removeEventListener("message", onMessage);
      frame.remove();
    },
  };
}

/** Gives a new engine worker its realm; terminating the worker also ends the realm. */
export function withRealm(worker: Worker): Worker {
  const realm = openRealm((message) => {
    worker.onerror?.(new ErrorEvent("error", { message: `the compute realm failed: ${message}` }));
  });
  worker.postMessage({ realm: realm.port }, [realm.port]);
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    realm.dispose();
    terminate();
  };
  return worker;
}
