import { startRun, stopRun } from "../actions/run";
import { useEngine } from "../app/engine";
import { runStore, selectPhase, selectProgress } from "../state/run";
import { MAX_WORKERS, selectWorkers, setWorkers, settingsStore } from "../state/settings";
import { useStore } from "../state/store";
import { selectMayRun, workspacesStore } from "../state/workspaces";
import { PlanSummary } from "./PlanSummary";

/** Run and Stop, with a count of finished nodes while a run is live. */
export function RunControls() {
  const engine = useEngine();
  const phase = useStore(runStore, selectPhase);
  const progress = useStore(runStore, selectProgress);
  const mayRun = useStore(workspacesStore, selectMayRun);
  const workers = useStore(settingsStore, selectWorkers);
  const all = Object.values(progress);
  const done = all.filter((p) => p.status !== "pending" && p.status !== "running").length;
  return (
    <div className="sl-run-controls">
      <button
        type="button"
        className="sl-primary"
        data-testid="run-button"
        disabled={phase !== "idle" || !mayRun}
        title={mayRun ? "Run (Ctrl/⌘+Enter)" : "This dataflow came from a link: trust it first (see the banner)"}
        onClick={() => void startRun(engine)}
      >
        {phase === "idle" ? "▶ Run" : "Running…"}
      </button>
      <button type="button" data-testid="stop-button" disabled={phase !== "running"} title="Stop the run; finished nodes stay cached" onClick={() => void stopRun(engine)}>
        ■ Stop
      </button>
      <label className="sl-run-workers" title="Compute workers: independent nodes run at once on this many (your machine's cores less one by default)">
        <select data-testid="run-workers" aria-label="Compute workers" value={workers} disabled={phase !== "idle"} onChange={(e) => setWorkers(Number(e.target.value))}>
          {Array.from({ length: MAX_WORKERS }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n === 1 ? "1 worker" : `${n} workers`}
            </option>
          ))}
        </select>
      </label>
      <PlanSummary />
      {phase !== "idle" && all.length > 0 && (
        <span className="sl-muted sl-run-progress" aria-live="polite">
          {done}/{all.length} nodes
        </span>
      )}
    </div>
  );
}
