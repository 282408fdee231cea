import { startRun, stopRun } from "../actions/run";
import { useEngine } from "../app/engine";
import { runStore, selectPhase, selectProgress } from "../state/run";
import { MAX_WORKERS, selectWorkers, setWorkers, settingsStore } from "../state/settings";
import { useStore } from "../state/store";
import { selectMayRun, workspacesStore } from "../state/workspaces";
import { PlanSummary } from "./PlanSummary";
import { formatDuration } from "../common/status";
import { liveStore, selectLive, selectLiveHeld, selectLiveSqlProblem, setLive } from "../state/live";

/** Run and Stop, with a count of finished nodes while a run is live. */
export function RunControls() {
  const engine = useEngine();
  const phase = useStore(runStore, selectPhase);
  const progress = useStore(runStore, selectProgress);
  const mayRun = useStore(workspacesStore, selectMayRun);
  const workers = useStore(settingsStore, selectWorkers);
  const live = useStore(liveStore, selectLive);
  const held = useStore(liveStore, selectLiveHeld);
  const sqlProblem = useStore(liveStore, selectLiveSqlProblem);
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
      <label className="sl-run-live" title="Live: run after each change of the code (once it parses) or of an input; a run for an older change is stopped first">
        <input type="checkbox" data-testid="live-toggle" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
      </label>
      {live && held && phase === "idle" && (
        <span className="sl-run-live-held" data-testid="live-held" role="status" title={`Live waits: ${held.node} took ${formatDuration(held.ms)} last time, too long to re-run on every change. Press Run to run it.`}>
          Live waits: {held.node}
        </span>
      )}
      {live && sqlProblem && phase === "idle" && (
        <span className="sl-run-live-held" data-testid="live-held" role="status" title={`Live waits: the SQL at line ${sqlProblem.line} does not parse (${sqlProblem.message}). It runs again once it does, or press Run.`}>
          Live waits: SQL line {sqlProblem.line}
        </span>
      )}
      <PlanSummary />
      {phase !== "idle" && all.length > 0 && (
        <span className="sl-muted sl-run-progress" aria-live="polite">
          {done}/{all.length} nodes
        </span>
      )}
    </div>
  );
}
