import { useEffect, useState } from "react";
import type { RunDetails } from "../../worker/protocol";
import { useEngine } from "../app/engine";
import { addDetails, historyStore } from "../state/history";
import { useStore } from "../state/store";

/** A run's record for comparison: from history when fetched already, else read once from the log. */
export function useRunDetails(runId: string | undefined): RunDetails | undefined {
  const engine = useEngine();
  const known = useStore(historyStore, (s) => (runId === undefined ? undefined : s.details[runId]));
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    if (runId === undefined || known || failed === runId) return;
    let current = true;
    engine.loadRun(runId).then(
      (details) => current && (details ? addDetails(details) : setFailed(runId)),
      () => current && setFailed(runId),
    );
    return () => {
      current = false;
    };
  }, [engine, runId, known, failed]);
  return known;
}
