import { useEffect } from "react";
import { stepRun } from "../actions/history";
import { startRun } from "../actions/run";
import type { EngineClient } from "../../worker/client";

/** Keys typed into fields (or the editor) belong to them, not to history stepping. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.closest(".monaco-editor") !== null;
}

/** Ctrl/⌘+Enter runs from anywhere; ←/→ step through run history outside text fields. */
export function useShortcuts(engine: EngineClient): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void startRun(engine);
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping(event.target)) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        stepRun(engine, event.key === "ArrowLeft" ? -1 : 1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [engine]);
}
