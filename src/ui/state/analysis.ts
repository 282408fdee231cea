import type { Analysis } from "../../worker/protocol";
import { createStore } from "./store";

/** The live graph of the text in the editor, from the engine's `analyzeModules`. */
export interface AnalysisState {
  analysis: Analysis | undefined;
  /** The document revision the analysis describes. */
  revision: number;
  /** The newest analysis without errors: the graph keeps its shape while a line is half-typed. */
  lastGood: Analysis | undefined;
  /** A failure of the worker itself (not of the module, which shows in `analysis.errors`). */
  failure: string | undefined;
}

export const analysisStore = createStore<AnalysisState>({ analysis: undefined, lastGood: undefined, revision: -1, failure: undefined });

export function setAnalysis(analysis: Analysis, revision: number): void {
  analysisStore.set((s) => ({ ...s, analysis, revision, failure: undefined, lastGood: analysis.errors.length === 0 ? analysis : s.lastGood }));
}

export const selectAnalysis = (s: AnalysisState) => s.analysis;
export const selectAnalysisErrors = (s: AnalysisState) => s.analysis?.errors;
export const selectLastGoodAnalysis = (s: AnalysisState) => s.lastGood;
export const selectAnalysisFailure = (s: AnalysisState) => s.failure;

/** Nodes nothing depends on: what a run asks for when the user has not chosen. */
export function sinksOf(analysis: Analysis | undefined): string[] {
  if (!analysis) return [];
  const used = new Set(analysis.nodes.flatMap((n) => n.dependencies));
  return analysis.nodes.filter((n) => !used.has(n.name) && n.kind !== "loader").map((n) => n.name);
}
