import { assertNever } from "../../engine/errors";
import type { DisplayStatus } from "../state/graphModel";

export interface StatusLook {
  label: string;
  /** A symbol as well as a colour: status must read without colour vision. */
  icon: string;
}

export function statusLook(status: DisplayStatus): StatusLook {
  switch (status) {
    case "executed":
      return { label: "executed", icon: "▶" };
    case "cached":
      return { label: "from cache", icon: "↺" };
    case "failed":
      return { label: "failed", icon: "✕" };
    case "input":
      return { label: "input", icon: "⇢" };
    case "override":
      return { label: "override", icon: "✎" };
    case "skipped":
      return { label: "not needed", icon: "–" };
    case "running":
      return { label: "running", icon: "◌" };
    case "pending":
      return { label: "waiting", icon: "…" };
    default:
      return assertNever(status, "status");
  }
}

export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
