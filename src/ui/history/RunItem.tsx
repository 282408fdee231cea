import { memo, useEffect, useRef } from "react";
import type { RunSummary } from "../../worker/protocol";
import { formatDuration } from "../common/status";
import { formatSize } from "../files/size";

const STATUS_ICON: Record<RunSummary["status"], string> = { succeeded: "✓", failed: "✕", cancelled: "■", running: "◌", interrupted: "⚠" };

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

interface Props {
  run: RunSummary;
  index: number;
  selected: boolean;
  onSelect(runId: string): void;
}

/** One run: number, time, outcome, and how many nodes executed vs came from the cache. */
export const RunItem = memo(function RunItem({ run, index, selected, onSelect }: Props) {
  const ref = useRef<HTMLButtonElement>(null);
  // Scrolled to after the next frame is drawn: scrollIntoView lays the page out, which right after
  // a run's answer (new history, the record's graph) is a whole layout inside that long task;
  // once the frame has laid it out, the scroll costs next to nothing.
  useEffect(() => {
    if (!selected) return;
    let task: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      task = setTimeout(() => ref.current?.scrollIntoView({ block: "nearest", inline: "nearest" }));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(task);
    };
  }, [selected]);
  const duration = run.finishedAt === undefined ? undefined : run.finishedAt - run.startedAt;
  const title = [
    `Run #${index} at ${new Date(run.startedAt).toLocaleString()}${run.source === "published" ? " (the author's, published with this dataflow)" : ""}`,
    `outputs: ${run.outputs.join(", ")}`,
    run.error ? `${run.error.code}: ${run.error.message}` : undefined,
    run.status === "running" ? "still running in another tab, or interrupted by a reload" : undefined,
    run.evicted ? `made room: evicted ${run.evicted.results} least recently used result(s), ${formatSize(run.evicted.bytes)}` : undefined,
    duration === undefined ? undefined : `${duration} ms`,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <button
      ref={ref}
      type="button"
      className={`sl-run-item sl-run-${run.status}${selected ? " sl-run-selected" : ""}`}
      data-testid="run-item"
      data-run-id={run.runId}
      data-status={run.status}
      data-source={run.source}
      data-selected={selected ? "true" : "false"}
      aria-current={selected ? "true" : undefined}
      title={title}
      onClick={() => onSelect(run.runId)}
    >
      <span className="sl-run-index">
        <span aria-hidden="true">{STATUS_ICON[run.status]}</span> #{index}
        {run.source === "published" && <span className="sl-run-published">published</span>}
      </span>
      <span className="sl-run-time">
        {time(run.startedAt)}
        {duration !== undefined && ` · ${formatDuration(duration)}`}
      </span>
      <span className="sl-run-counts">
        <span className="sl-count-executed">{run.counts.executed} ran</span>
        <span className="sl-count-cached">{run.counts.cached} cached</span>
        {run.counts.failed > 0 && <span className="sl-count-failed">{run.counts.failed} failed</span>}
      </span>
    </button>
  );
});
