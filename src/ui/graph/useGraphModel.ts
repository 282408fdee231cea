import { useMemo } from "react";
import { selectLastGoodAnalysis, analysisStore } from "../state/analysis";
import { explainStore, selectExplanations, selectPlan } from "../state/explain";
import { withExplanation, withPlan } from "../state/explainModel";
import { modelFromAnalysis, modelFromRecord, withLatest, withProgress, type GraphModel } from "../state/graphModel";
import { historyStore, selectLatestDetails, selectSelectedDetails } from "../state/history";
import { runStore, selectLiveAnalysis, selectLiveOutputs, selectPhase, selectProgress } from "../state/run";
import { requestedOutputs } from "../state/runOptions";
import { selectRequested, settingsStore } from "../state/settings";
import { useStore } from "../state/store";

const EMPTY: GraphModel = { mode: "draft", nodes: [], edges: [] };

/**
 * What the graph shows: a live run over the graph it started from, else the selected run as
 * recorded, else the editor's draft with hints from the newest run.
 */
export function useGraphModel(): GraphModel {
  const phase = useStore(runStore, selectPhase);
  const progress = useStore(runStore, selectProgress);
  const liveAnalysis = useStore(runStore, selectLiveAnalysis);
  const liveOutputs = useStore(runStore, selectLiveOutputs);
  const selected = useStore(historyStore, selectSelectedDetails);
  const latest = useStore(historyStore, selectLatestDetails);
  const analysis = useStore(analysisStore, selectLastGoodAnalysis);
  const requested = useStore(settingsStore, selectRequested);
  const explanations = useStore(explainStore, selectExplanations);
  const plan = useStore(explainStore, selectPlan);

  return useMemo(() => {
    if (phase !== "idle") {
      const base = liveAnalysis && liveAnalysis.errors.length === 0 ? liveAnalysis : analysis;
      return base ? withProgress(modelFromAnalysis(base, liveOutputs), progress, liveOutputs) : EMPTY;
    }
    if (selected) return withExplanation(modelFromRecord(selected.record), explanations[selected.record.runId]);
    if (!analysis) return EMPTY;
    return withPlan(withLatest(modelFromAnalysis(analysis, requestedOutputs({ requested }, analysis)), latest?.record, analysis), plan);
  }, [phase, progress, liveAnalysis, liveOutputs, selected, latest, analysis, requested, explanations, plan]);
}
