import { createStore } from "./store";

/**
 * Live runs (SPEC.md §14): with the toggle on, a change of code (once it parses) or of an input
 * starts a run after a short pause. Remembered per workspace in this browser; off until turned on,
 * so the tutorial's examples keep their explicit Run.
 */
export interface LiveState {
  on: boolean;
  workspaceId: string | undefined;
  /** A node that would run and took this long last time: live waits for Run instead. */
  held: { node: string; ms: number } | undefined;
  /** SQL of the draft that DuckDB's parser stops in (half typed): live waits for the next change. */
  sqlProblem: LiveSqlProblem | undefined;
}

export interface LiveSqlProblem {
  /** The draft it was found in: once the text changes, the place no longer holds. */
  source: string;
  line: number;
  column: number;
  message: string;
}

export const liveStore = createStore<LiveState>({ on: false, workspaceId: undefined, held: undefined, sqlProblem: undefined });

/** Past this, a node's last duration keeps live from starting it on every keystroke. */
export const LIVE_SLOW_MS = 3000;
/** How long the code and inputs must be still before a live run starts. */
export const LIVE_DELAY_MS = 600;

const keyOf = (workspaceId: string) => `sluice.live.${workspaceId}`;

function remembered(workspaceId: string): boolean {
  try {
    return globalThis.localStorage?.getItem(keyOf(workspaceId)) === "on";
  } catch {
    return false;
  }
}

/** The open workspace changed: its own choice applies. */
export function showLiveOf(workspaceId: string | undefined): void {
  if (workspaceId === liveStore.get().workspaceId) return;
  liveStore.set({ workspaceId, on: workspaceId !== undefined && remembered(workspaceId), held: undefined, sqlProblem: undefined });
}

export function setLive(on: boolean): void {
  const { workspaceId } = liveStore.get();
  liveStore.set({ on, held: undefined, sqlProblem: undefined });
  if (workspaceId === undefined) return;
  try {
    if (on) globalThis.localStorage?.setItem(keyOf(workspaceId), "on");
    else globalThis.localStorage?.removeItem(keyOf(workspaceId));
  } catch {
    // Storage refused: the choice lasts for this page.
  }
}

export function setLiveHeld(held: LiveState["held"], sqlProblem?: LiveSqlProblem): void {
  liveStore.set({ held, sqlProblem });
}

export const selectLive = (s: LiveState) => s.on;
export const selectLiveHeld = (s: LiveState) => s.held;
export const selectLiveSqlProblem = (s: LiveState) => s.sqlProblem;

/** Where `offset` (characters into `text`) is, 1-based. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * The first of the draft's SQL texts that does not parse, placed in the draft. `regions` are the
 * texts' starts in `source`, each with where its text's units came from in the template
 * (`cookedTemplate`; one for one if absent); `problems` DuckDB's answer for each (offsets in the
 * text), in order.
 */
export function firstSqlProblem(source: string, regions: readonly { start: number; from?: readonly number[] }[], problems: readonly ({ offset: number; message: string } | null)[]): LiveSqlProblem | undefined {
  const at = problems.findIndex((p) => p !== null);
  if (at < 0) return undefined;
  const { offset, message } = problems[at]!;
  const { start, from } = regions[at];
  const inTemplate = from ? (from[Math.min(offset, from.length - 1)] ?? offset) : offset;
  return { source, ...lineColumn(source, start + inTemplate), message };
}

/** The slowest node that would run, by its last duration, if it is slower than LIVE_SLOW_MS. */
export function slowNodeOf(willRun: readonly string[], lastMs: Record<string, number | undefined>): LiveState["held"] {
  let slowest: LiveState["held"];
  for (const node of willRun) {
    const ms = lastMs[node];
    if (ms !== undefined && ms > LIVE_SLOW_MS && (!slowest || ms > slowest.ms)) slowest = { node, ms };
  }
  return slowest;
}
