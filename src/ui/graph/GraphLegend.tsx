import type { DisplayStatus, GraphModel } from "../state/graphModel";
import { historyStore } from "../state/history";
import { useStore } from "../state/store";
import { statusLook } from "../common/status";

const SHOWN: DisplayStatus[] = ["executed", "cached", "failed", "input", "skipped"];

function modeText(mode: GraphModel["mode"], runNumber: number): string {
  switch (mode) {
    case "draft":
      return "Your code — not run yet";
    case "live":
      return "Running…";
    case "run":
      return runNumber > 0 ? `Run #${runNumber}` : "Selected run";
  }
}

/** What the colours mean, and whether the graph shows the draft, a live run or a past run. */
export function GraphLegend({ mode, empty }: { mode: GraphModel["mode"]; empty: boolean }) {
  const runNumber = useStore(historyStore, (s) => s.visible.findIndex((r) => r.runId === s.selectedRunId) + 1);
  return (
    <div className="sl-legend" aria-label="Legend">
      <span className="sl-legend-mode" data-testid="graph-mode" data-mode={mode}>
        {empty ? "No nodes yet: export a function to make one." : modeText(mode, runNumber)}
      </span>
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
