import type { Plan, RunExplanation } from "../../worker/protocol";
import { createStore } from "./store";

/** Why past runs did what they did, and what the draft would do if run now (SPEC.md §11). */
export interface ExplainState {
  /** Explanations by run id: a finished run's explanation never changes. */
  runs: Record<string, RunExplanation>;
  /** The draft's plan; undefined while the draft cannot run (errors, missing inputs) or before the first answer. */
  plan: Plan | undefined;
}

export const explainStore = createStore<ExplainState>({ runs: {}, plan: undefined });

/** Explanations the page keeps, newest fetched last: each run shown is explained, so unbounded they grew with every run (the soak bench). One let go is fetched again if its run is shown again. */
export const KEPT_EXPLANATIONS = 32;

export function addExplanation(explanation: RunExplanation): void {
  explainStore.set((s) => {
    const { [explanation.runId]: _old, ...others } = s.runs;
    const ids = Object.keys(others);
    for (const id of ids.slice(0, Math.max(0, ids.length + 1 - KEPT_EXPLANATIONS))) delete others[id];
    return { ...s, runs: { ...others, [explanation.runId]: explanation } };
  });
}

export function setPlan(plan: Plan | undefined): void {
  explainStore.set({ plan });
}

/** Another cache, or a cleared history: explanations read from the old log no longer apply. */
export function resetExplanations(): void {
  explainStore.set({ runs: {}, plan: undefined });
}

export const selectPlan = (s: ExplainState) => s.plan;
export const selectExplanations = (s: ExplainState) => s.runs;
