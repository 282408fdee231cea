import type { DisplayStatus, GraphModel } from "../state/graphModel";
import { statusLook } from "./status";

const SHOWN: DisplayStatus[] = ["executed", "cached", "failed", "input", "skipped"];

const MODE_TEXT: Record<GraphModel["mode"], string> = {
  draft: "Editor's code — not run yet",
  live: "Running…",
  run: "Selected run",
};

/** What the colours mean, and whether the graph shows the draft, a live run or a past run. */
export function GraphLegend({ mode, empty }: { mode: GraphModel["mode"]; empty: boolean }) {
  return (
    <div className="sl-legend" aria-label="Legend">
      <span className="sl-legend-mode">{empty ? "No nodes yet: export a function to make one." : MODE_TEXT[mode]}</span>
      {SHOWN.map((status) => {
        const look = statusLook(status);
        return (
          <span key={status} className={`sl-legend-item sl-status-${status}`}>
            <span aria-hidden="true">{look.icon}</span> {look.label}
          </span>
        );
      })}
    </div>
  );
}
