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

export function addExplanation(explanation: RunExplanation): void {
  explainStore.set((s) => ({ ...s, runs: { ...s.runs, [explanation.runId]: explanation } }));
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
