import type { EngineClient } from "../../worker/client";
import { refreshFiles } from "../actions/files";
import { refreshHistory } from "../actions/history";
import { panelsStore } from "../state/panels";
import { settingsStore } from "../state/settings";
import { refreshCache } from "./actions";

/**
 * Tabs sharing an IndexedDB cache tell each other when it changed (a run, an eviction, a file),
 * so each one's history, files and cache panel follow without a reload. A tab's own messages
 * never come back to it. A memory cache belongs to one tab: nothing to tell.
 */
const CHANNEL = "sluice-cache";

interface Changed {
  path: string;
  what: "run" | "cache" | "files";
}

let channel: BroadcastChannel | undefined;
const open = (): BroadcastChannel | undefined => (channel ??= typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(CHANNEL));

/** Says that this tab changed the cache it uses. */
export function announce(what: Changed["what"]): void {
  const { backend, path } = settingsStore.get();
  if (backend === "indexeddb") open()?.postMessage({ path, what } satisfies Changed);
}

/** Refreshes what other tabs changed, when it is this tab's cache too; returns the unsubscribe. */
export function followOtherTabs(engine: EngineClient): () => void {
  const bus = open();
  if (!bus) return () => undefined;
  const onMessage = (event: MessageEvent<Changed>) => {
    const { backend, path } = settingsStore.get();
    if (backend !== "indexeddb" || event.data?.path !== path) return;
    void refreshHistory(engine);
    void refreshFiles(engine);
    if (panelsStore.get().bottomTab === "cache") void refreshCache(engine);
  };
  bus.addEventListener("message", onMessage);
  return () => bus.removeEventListener("message", onMessage);
}
