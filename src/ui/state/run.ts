import type { Analysis, LogLine, NodeProgress, WireError } from "../../worker/protocol";
import { createStore } from "./store";

export type RunPhase = "idle" | "running" | "stopping";

/** The run in flight (or the last one's error). Finished runs live in history. */
export interface RunState {
  phase: RunPhase;
  /** Bumped per run; every await in a run checks it, so a late answer can't touch a newer run. */
  token: number;
  progress: Record<string, NodeProgress>;
  log: LogLine[];
  /** The graph the live run is drawn on: the analysis when it started. */
  analysis: Analysis | undefined;
  outputs: string[];
  startedAt: number | undefined;
  error: WireError | undefined;
}

export const runStore = createStore<RunState>({
  phase: "idle",
  token: 0,
  progress: {},
  log: [],
  analysis: undefined,
  outputs: [],
  startedAt: undefined,
  error: undefined,
});

export function beginRun(analysis: Analysis | undefined, outputs: string[]): number {
  pending = { progress: [], log: [] };
  const token = runStore.get().token + 1;
  runStore.set({ phase: "running", token, progress: {}, log: [], analysis, outputs, startedAt: Date.now(), error: undefined });
  return token;
}

export const isCurrentRun = (token: number) => runStore.get().token === token;

// Progress arrives one message per node step; it is applied once per frame, not per message.
let pending: { progress: NodeProgress[]; log: LogLine[] } = { progress: [], log: [] };
let frame: number | undefined;

function flush(): void {
  if (frame !== undefined) cancelAnimationFrame(frame);
  frame = undefined;
  const { progress, log } = pending;
  if (progress.length === 0 && log.length === 0) return;
  pending = { progress: [], log: [] };
  runStore.set((s) => ({
    ...s,
    progress: Object.assign({ ...s.progress }, ...progress.map((p) => ({ [p.node]: p }))),
    log: log.length > 0 ? [...s.log, ...log] : s.log,
  }));
}

function schedule(): void {
  frame ??= requestAnimationFrame(flush);
}

export function queueProgress(token: number, progress: NodeProgress): void {
  if (!isCurrentRun(token)) return;
  pending.progress.push(progress);
  schedule();
}

export function queueLog(token: number, line: LogLine): void {
  if (!isCurrentRun(token)) return;
  pending.log.push(line);
  schedule();
}

export function setStopping(token: number): void {
  if (isCurrentRun(token) && runStore.get().phase === "running") runStore.set({ phase: "stopping" });
}

export function finishRun(token: number, error: WireError | undefined): void {
  if (!isCurrentRun(token)) return;
  flush();
  runStore.set({ phase: "idle", error });
}

/** A finished run whose results then could not be stored: shown unless a newer run began. */
export function reportLateError(token: number, error: WireError): void {
  if (isCurrentRun(token) && runStore.get().phase === "idle") runStore.set({ error });
}

export function clearRunError(): void {
  runStore.set({ error: undefined });
}

export const selectPhase = (s: RunState) => s.phase;
export const selectIsLive = (s: RunState) => s.phase !== "idle";
export const selectProgress = (s: RunState) => s.progress;
export const selectLiveLog = (s: RunState) => s.log;
export const selectRunError = (s: RunState) => s.error;
export const selectLiveAnalysis = (s: RunState) => s.analysis;
export const selectLiveOutputs = (s: RunState) => s.outputs;
