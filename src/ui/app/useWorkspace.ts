import { useEffect, useState } from "react";
import type { EngineClient } from "../../worker/client";
import { startAnalysis } from "../actions/analysis";
import { startLive } from "../actions/live";
import { refreshFiles } from "../actions/files";
import { refreshHistory } from "../actions/history";
import { bootWorkspace, followMovedWorkspace, followUrl, openWithoutSaving } from "../actions/workspace";
import { setNotice, workspacesStore } from "../state/workspaces";
import { isShareHash } from "../share/shareLink";
import { startPersisting } from "../workspaces/session";
import { followOtherTabs } from "../cache/otherTabs";

/**
 * Opens the workspace the URL names (a link, an example, a saved workspace), then keeps it
 * analysed and saved, and follows back/forward. Returns whether it is ready.
 */
export function useWorkspace(engine: EngineClient): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const stop: (() => void)[] = [];
    let cancelled = false;
    // The app shows as soon as a workspace is open, and its first analysis is asked for then: the
    // history's listing waits for the engine worker to load and open its database (1.7 s of a
    // 2.7 s first graph), and nothing on screen needs it to draw the graph or the editor.
    let analysing = false;
    const show = () => {
      if (cancelled || analysing || !workspacesStore.get().active) return;
      analysing = true;
      stop.push(startAnalysis(engine), startLive(engine));
      setReady(true);
    };
    const stopWatching = workspacesStore.subscribe(() => queueMicrotask(show));
    void bootWorkspace(engine)
      .catch((error: unknown) => {
        // The app's database can be blocked or unavailable: the editor still opens, and says so.
        openWithoutSaving();
        void refreshHistory(engine);
        setNotice({ tone: "error", text: `Workspaces could not be opened, so edits here are not saved: ${error instanceof Error ? error.message : String(error)}` });
      })
      .then(() => {
        stopWatching();
        if (cancelled) return;
        show();
        // Saving and following other tabs start once the boot has settled on its workspace.
        stop.push(startPersisting(followMovedWorkspace), followOtherTabs(engine));
        void refreshFiles(engine);
      });
    // A share link pasted into this tab only changes the hash: open it as a fresh load would.
    const onHash = () => {
      if (isShareHash(window.location.hash)) window.location.reload();
    };
    const onPop = () => void followUrl(engine);
    window.addEventListener("hashchange", onHash);
    window.addEventListener("popstate", onPop);
    return () => {
      cancelled = true;
      stopWatching();
      window.removeEventListener("hashchange", onHash);
      window.removeEventListener("popstate", onPop);
      stop.forEach((off) => off());
    };
  }, [engine]);
  return ready;
}
