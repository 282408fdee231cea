import type { RunDetails, RunSummary } from "../../worker/protocol";
import { createStore } from "./store";

/** Whose runs the strip shows: the open workspace's, or every run of the cache. */
export interface HistoryScope {
  workspaceId: string | undefined;
  /** Runs made before runs had tags count as this workspace's (the one the upgrade made). */
  untagged: boolean;
  all: boolean;
}

/** Every run kept in the cache's run log, and the one being looked at. */
export interface HistoryState {
  runs: RunSummary[];
  scope: HistoryScope;
  /** `runs` as the scope shows them, oldest first: what the strip lists and ←/→ step through. */
  visible: RunSummary[];
  /** undefined: the draft (the editor's text, live analysis), not a past run. */
  selectedRunId: string | undefined;
  /** Full records already fetched, by run id; a finished run's record never changes. */
  details: Record<string, RunDetails>;
  error: string | undefined;
  /** Whether `runs` has been read from the cache at least once (tests and the empty state wait for it). */
  loaded: boolean;
}

const INITIAL_SCOPE: HistoryScope = { workspaceId: undefined, untagged: true, all: false };

export const historyStore = createStore<HistoryState>({ runs: [], scope: INITIAL_SCOPE, visible: [], selectedRunId: undefined, details: {}, error: undefined, loaded: false });

export function inScope(scope: HistoryScope, run: RunSummary): boolean {
  // Published runs are listed only while their workspace's layer is open: they are its history.
  if (scope.all || run.source === "published") return true;
  const owner = run.tags?.workspace;
  return owner === undefined ? scope.untagged : owner === scope.workspaceId;
}

const visibleOf = (runs: RunSummary[], scope: HistoryScope) => (scope.all ? runs : runs.filter((run) => inScope(scope, run)));

export function setRuns(listed: RunSummary[]): void {
  historyStore.set((s) => {
    // A run that has not changed keeps its object, so its item in the strip is not drawn again
    // (after each run the whole list is read again, and all but one or two runs are the same).
    const before = new Map(s.runs.map((run) => [run.runId, run]));
    const runs = listed.map((run) => {
      const old = before.get(run.runId);
      return old && JSON.stringify(old) === JSON.stringify(run) ? old : run;
    });
    return { ...s, runs, visible: visibleOf(runs, s.scope), error: undefined, loaded: true };
  });
}

/** A run picked outside the new scope is let go: the strip could not show it as selected. */
export function setHistoryScope(update: Partial<HistoryScope>): void {
  historyStore.set((s) => {
    const scope = { ...s.scope, ...update };
    const visible = visibleOf(s.runs, scope);
    const keep = s.selectedRunId !== undefined && visible.some((r) => r.runId === s.selectedRunId);
    return { ...s, scope, visible, selectedRunId: keep ? s.selectedRunId : undefined };
  });
}

/**
 * How many fetched records the page keeps. Every run fetches its own record, so without a bound the
 * page kept one per run for as long as it stayed open (the soak bench: ~30 KB a run). A record let
 * go is fetched again if it is shown again.
 */
export const KEPT_DETAILS = 32;

export function addDetails(details: RunDetails): void {
  historyStore.set((s) => {
    const { [details.record.runId]: _old, ...others } = s.details;
    const ids = Object.keys(others);
    // Oldest fetched go first (keys keep insertion order); the run on show stays.
    let excess = ids.length + 1 - KEPT_DETAILS;
    for (const id of ids) {
      if (excess <= 0) break;
      if (id === s.selectedRunId) continue;
      delete others[id];
      excess--;
    }
    return { ...s, details: { ...others, [details.record.runId]: details } };
  });
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
  historyStore.set((s) => ({ ...s, runs: [], visible: [], selectedRunId: undefined, details: {}, error: undefined, loaded: false }));
}

export const selectRuns = (s: HistoryState) => s.visible;
export const selectShowAllRuns = (s: HistoryState) => s.scope.all;
export const selectSelectedRunId = (s: HistoryState) => s.selectedRunId;
export const selectHistoryError = (s: HistoryState) => s.error;

/** The selected run's record and log, once fetched. */
export const selectSelectedDetails = (s: HistoryState): RunDetails | undefined =>
  s.selectedRunId === undefined ? undefined : s.details[s.selectedRunId];

/** The run `delta` steps from the selection; from the draft, one step back is the newest run. */
export function neighbourRun(s: HistoryState, delta: -1 | 1): string | undefined {
  const ids = s.visible.map((r) => r.runId);
  if (ids.length === 0) return undefined;
  if (s.selectedRunId === undefined) return delta < 0 ? ids.at(-1) : undefined;
  const index = ids.indexOf(s.selectedRunId);
  if (index < 0) return ids.at(-1);
  return ids[index + delta];
}

/** The newest shown run's record: the draft compares itself with it to show what changed. */
export const selectLatestDetails = (s: HistoryState): RunDetails | undefined => {
  // A record still `running` (another tab's run, or one a reload interrupted) has no versions yet.
  const id = s.visible.findLast((r) => r.status !== "running")?.runId;
  return id === undefined ? undefined : s.details[id];
};
