import { useMemo, useState } from "react";
import type { LogLevel } from "../../engine/types";
import type { LogLine } from "../../worker/protocol";
import { historyStore, selectLatestDetails, selectSelectedDetails } from "../state/history";
import { runStore, selectIsLive, selectLiveLog } from "../state/run";
import { useStore } from "../state/store";
import "./logs.css";

const NO_LINES: LogLine[] = [];

function kindOf(line: LogLine): string {
  if (line.eventType === "execute_node") return "sl-log-execute";
  if (line.eventType === "failed_execution") return "sl-log-failed";
  if (line.line.endsWith("::hit")) return "sl-log-hit";
  return "";
}

/** The run's caching log, exactly as the engine prints it (`node::actor::event[::msg]`). */
export function LogsPanel() {
  const [level, setLevel] = useState<LogLevel>("info");
  const live = useStore(runStore, selectIsLive);
  const liveLog = useStore(runStore, selectLiveLog);
  const selected = useStore(historyStore, selectSelectedDetails);
  // With no run picked (editing), the newest run's log stays in view rather than vanishing.
  const latest = useStore(historyStore, selectLatestDetails);
  const shown = selected ?? latest;
  const runNumber = useStore(historyStore, (s) => s.visible.findIndex((r) => r.runId === shown?.record.runId) + 1);
  const source = live ? liveLog : (shown?.log ?? NO_LINES);
  const lines = useMemo(() => (level === "debug" ? source : source.filter((l) => l.info)), [source, level]);
  const empty = live ? "Waiting for the first event…" : shown ? "No events at this level." : "Run the dataflow, or pick a run in the history, to see its log.";
  const caption = live ? "live run" : shown && runNumber > 0 ? `run #${runNumber}${selected ? "" : " (latest)"}` : undefined;

  return (
    <div className="sl-logs-panel">
      <div className="sl-panel-bar">
        <label>
          Level{" "}
          <select data-testid="log-level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            <option value="info">info (results and executions)</option>
            <option value="debug">debug (every step)</option>
          </select>
        </label>
        <span className="sl-muted">
          {caption && `${caption} · `}
          {lines.length} lines
        </span>
        <button type="button" disabled={lines.length === 0} onClick={() => void navigator.clipboard?.writeText(lines.map((l) => l.line).join("\n"))}>
          Copy
        </button>
      </div>
      <div className="sl-logs sl-mono" data-testid="logs" data-level={level} role="log">
        {lines.length === 0 ? (
          <div className="sl-muted sl-logs-empty">{empty}</div>
        ) : (
          lines.map((l, i) => (
            <div key={i} className={`sl-log-line ${kindOf(l)}`}>
              {l.line}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
