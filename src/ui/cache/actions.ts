import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import type { CacheOp } from "../../worker/protocol";
import { formatSize } from "../files/size";
import { refreshFiles } from "../actions/files";
import { refreshHistory } from "../actions/history";
import { announce } from "./otherTabs";
import { cacheStore, type Quota } from "./state";

async function quota(): Promise<Quota> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.estimate) return {};
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.().catch(() => undefined)]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

/** Runs one cache operation in the worker and shows the usage it answers with. */
export async function manageCache(engine: EngineClient, op: CacheOp, done?: (before: number, after: number) => string): Promise<void> {
  const before = cacheStore.get().usage?.results.bytes ?? 0;
  cacheStore.set({ busy: true, error: undefined });
  try {
    const [usage, q] = await Promise.all([engine.manageCache(op), quota()]);
    cacheStore.set({ usage, quota: q, busy: false, message: done?.(before, usage.results.bytes) });
    // What other panels list may have gone (evicted results, pruned runs).
    if (op.op !== "usage") {
      await Promise.all([refreshFiles(engine), refreshHistory(engine)]);
      announce("cache");
    }
  } catch (error) {
    cacheStore.set({ busy: false, error: asWireError(error).message });
  }
}

export const refreshCache = (engine: EngineClient) => manageCache(engine, { op: "usage" });

export const freed = (before: number, after: number) => `Freed ${formatSize(Math.max(0, before - after))}.`;

/**
 * Asks the browser once to keep this origin's storage: without it, a browser short of disk may
 * clear the whole cache (and the files and history with it) without asking.
 */
export async function askPersistence(): Promise<void> {
  const granted = await navigator.storage?.persist?.().catch(() => false);
  cacheStore.set({
    quota: { ...cacheStore.get().quota, persisted: granted === true },
    message: granted ? "The browser will keep this cache unless you clear it." : "The browser declined; it may still clear this cache when the disk is short.",
  });
}
