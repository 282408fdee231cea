import { useCallback, useEffect, useRef, useState } from "react";
import { showAllRuns, stepRun, selectRun } from "../actions/history";
import { useEngine } from "../app/engine";
import { historyStore, neighbourRun, selectHistoryError, selectRuns, selectSelectedRunId, selectShowAllRuns } from "../state/history";
import { useStore } from "../state/store";
import "./history.css";
import { RunItem } from "./RunItem";

/** The open workspace's runs (or every run of the cache), oldest first; ←/→ step through them (see useShortcuts). */
export function HistoryStrip() {
  const engine = useEngine();
  const runs = useStore(historyStore, selectRuns);
  const selectedRunId = useStore(historyStore, selectSelectedRunId);
  const error = useStore(historyStore, selectHistoryError);
  const canPrev = useStore(historyStore, (s) => neighbourRun(s, -1) !== undefined);
  const canNext = useStore(historyStore, (s) => neighbourRun(s, 1) !== undefined);
  const loaded = useStore(historyStore, (s) => s.loaded);
  const all = useStore(historyStore, selectShowAllRuns);
  // Stable, so that the memoised items of unchanged runs are not drawn again after each run.
  const onSelect = useCallback((id: string) => void selectRun(engine, id), [engine]);
  const { ref: listRef, hidden, onScroll } = useHiddenEdges(runs);
  return (
    <div className="sl-history" data-testid="run-history" data-loaded={loaded ? "true" : "false"} aria-label="Run history">
      <button type="button" data-testid="run-prev" title="Previous run (←)" disabled={!canPrev} onClick={() => stepRun(engine, -1)}>
        ←
      </button>
      <button type="button" data-testid="run-next" title="Next run (→)" disabled={!canNext} onClick={() => stepRun(engine, 1)}>
        →
      </button>
      <div
        ref={listRef}
        className={`sl-history-list${hidden.before ? " sl-history-more-before" : ""}${hidden.after ? " sl-history-more-after" : ""}`}
        role="list"
        data-testid="run-history-list"
        onScroll={onScroll}
      >
        {loaded && runs.length === 0 && <span className="sl-muted">{all ? "No runs in this cache yet." : "No runs of this workspace yet."}</span>}
        {runs.map((run, i) => (
          <div key={run.runId} role="listitem">
            <RunItem run={run} index={i + 1} selected={run.runId === selectedRunId} onSelect={onSelect} />
          </div>
        ))}
      </div>
      <button
        type="button"
        className={`sl-history-draft${selectedRunId === undefined ? " sl-run-selected" : ""}`}
        data-testid="run-draft"
        title="Back to the editor's code"
        onClick={() => void selectRun(engine, undefined)}
      >
        ✎ Editor
      </button>
      <label className="sl-history-all" title="Every run of the cache, from every workspace and tab">
        <input type="checkbox" data-testid="history-all" checked={all} onChange={(e) => void showAllRuns(engine, e.target.checked)} /> all runs
      </label>
      {error && <span className="sl-history-error">{error}</span>}
    </div>
  );
}

/**
 * Which ends of the scrolled list hide runs, so that the strip fades there: at a narrow width a
 * card cut by the edge read as a broken card, not as one of more runs to scroll to.
 */
const HIDDEN_PX = 8;

function useHiddenEdges(runs: readonly unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState({ before: false, after: false });
  const measure = useCallback(() => {
    const list = ref.current;
    if (!list) return;
    // More than the list's padding hidden: a card scrolled into view ("nearest") leaves that out.
    const before = list.scrollLeft > HIDDEN_PX;
    const after = list.scrollLeft + list.clientWidth < list.scrollWidth - HIDDEN_PX;
    setHidden((was) => (was.before === before && was.after === after ? was : { before, after }));
  }, []);
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    // Measured again when the runs change (a run of another tab that ends gains its duration),
    // when the strip or a card is resized, and on scroll: a new run scrolls itself into view
    // after this first measure (RunItem).
    const frame = requestAnimationFrame(measure);
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    for (const item of list.children) observer.observe(item);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [runs, measure]);
  return { ref, hidden, onScroll: measure };
}
