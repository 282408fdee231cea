import { useEffect, useState } from "react";
import type { EngineClient } from "../../worker/client";
import { startAnalysis } from "../actions/analysis";
import { refreshFiles } from "../actions/files";
import { refreshHistory } from "../actions/history";
import { bootWorkspace } from "../actions/workspace";
import { startPersisting } from "../state/persist";
import { followOtherTabs } from "../cache/otherTabs";

/**
 * Opens the workspace (example from the URL, or the saved one), then keeps it analysed and
 * saved. Returns whether it is ready, and a notice for an unknown `?example=`.
 */
export function useWorkspace(engine: EngineClient): { ready: boolean; notice: string | undefined } {
  const [state, setState] = useState<{ ready: boolean; notice: string | undefined }>({ ready: false, notice: undefined });
  useEffect(() => {
    let stop: (() => void)[] = [];
    let cancelled = false;
    void bootWorkspace().then(({ unknownExample }) => {
      if (cancelled) return;
      stop = [startAnalysis(engine), startPersisting(), followOtherTabs(engine)];
      void refreshHistory(engine);
      void refreshFiles(engine);
      setState({ ready: true, notice: unknownExample && `There is no example "${unknownExample}"; your saved workspace is open instead.` });
    });
    // A share link pasted into this tab only changes the hash: open it as a fresh load would.
    const onHash = () => {
      if (window.location.hash.startsWith("#share=")) window.location.reload();
    };
    window.addEventListener("hashchange", onHash);
    return () => {
      cancelled = true;
      window.removeEventListener("hashchange", onHash);
      stop.forEach((off) => off());
    };
  }, [engine]);
  return state;
}
