import type { RunDetails, RunSummary } from "../../worker/protocol";
import { createStore } from "./store";

/** Every run kept in the cache's run log, and the one being looked at. */
export interface HistoryState {
  runs: RunSummary[];
  /** undefined: the draft (the editor's text, live analysis), not a past run. */
  selectedRunId: string | undefined;
  /** Full records already fetched, by run id; a finished run's record never changes. */
  details: Record<string, RunDetails>;
  error: string | undefined;
  /** Whether `runs` has been read from the cache at least once (tests and the empty state wait for it). */
  loaded: boolean;
}

export const historyStore = createStore<HistoryState>({ runs: [], selectedRunId: undefined, details: {}, error: undefined, loaded: false });

export function setRuns(runs: RunSummary[]): void {
  historyStore.set({ runs, error: undefined, loaded: true });
}

export function addDetails(details: RunDetails): void {
  historyStore.set((s) => ({ ...s, details: { ...s.details, [details.record.runId]: details } }));
}

/** Fetched details worth keeping: a record still `running` is rewritten when its run ends or is stopped. */
export function settledDetails(s: HistoryState, runId: string): RunDetails | undefined {
  const details = s.details[runId];
  return details?.record.status === "running" ? undefined : details;
}

export function setSelectedRun(runId: string | undefined): void {
  historyStore.set({ selectedRunId: runId });
}

export function resetHistory(): void {
  historyStore.set({ runs: [], selectedRunId: undefined, details: {}, error: undefined, loaded: false });
}

export const selectRuns = (s: HistoryState) => s.runs;
export const selectSelectedRunId = (s: HistoryState) => s.selectedRunId;
export const selectHistoryError = (s: HistoryState) => s.error;

/** The selected run's record and log, once fetched. */
export const selectSelectedDetails = (s: HistoryState): RunDetails | undefined =>
  s.selectedRunId === undefined ? undefined : s.details[s.selectedRunId];

/** The run `delta` steps from the selection; from the draft, one step back is the newest run. */
export function neighbourRun(s: HistoryState, delta: -1 | 1): string | undefined {
  const ids = s.runs.map((r) => r.runId);
  if (ids.length === 0) return undefined;
  if (s.selectedRunId === undefined) return delta < 0 ? ids.at(-1) : undefined;
  const index = ids.indexOf(s.selectedRunId);
  if (index < 0) return ids.at(-1);
  return ids[index + delta];
}

/** The newest run's record: the draft compares itself with it to show what changed. */
export const selectLatestDetails = (s: HistoryState): RunDetails | undefined => {
  // A record still `running` (another tab's run, or one a reload interrupted) has no versions yet.
  const id = s.runs.findLast((r) => r.status !== "running")?.runId;
  return id === undefined ? undefined : s.details[id];
};
