import { useMemo } from "react";
import { explainStore, selectPlan } from "../state/explain";
import { planSummary } from "../state/explainModel";
import { historyStore, selectSelectedRunId } from "../state/history";
import { runStore, selectPhase } from "../state/run";
import { useStore } from "../state/store";

/** What Run would do now, beside it: "2 will run, 5 from cache, 1 depends". */
export function PlanSummary() {
  const plan = useStore(explainStore, selectPlan);
  const phase = useStore(runStore, selectPhase);
  const viewing = useStore(historyStore, selectSelectedRunId);
  const text = useMemo(() => plan && planSummary(plan), [plan]);
  if (!text || phase !== "idle" || viewing !== undefined) return null;
  return (
    <span className="sl-muted sl-plan-summary" data-testid="plan-summary" title="What the next run will do, from the cache's metadata">
      {text}
    </span>
  );
}
