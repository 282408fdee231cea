import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { addDetails, historyStore, neighbourRun, setHistoryScope, setRuns, setSelectedRun, settledDetails } from "../state/history";

/**
 * Re-reads the run list (all drivers, all sessions that share the cache), and the newest shown run's
 * record: the draft compares itself with it, and the log shows it until a run is picked.
 */
let refreshVersion = 0;

export async function refreshHistory(engine: EngineClient): Promise<void> {
  // Listings can answer out of order (closing dead runs makes some slower): only the newest lands.
  const version = ++refreshVersion;
  try {
    const runs = await engine.listRuns();
    if (version !== refreshVersion) return;
    setRuns(runs);
    const latest = historyStore.get().visible.at(-1)?.runId;
    if (latest === undefined || settledDetails(historyStore.get(), latest)) return;
    const details = await engine.loadRun(latest);
    if (details) addDetails(details);
  } catch (error) {
    if (version === refreshVersion) historyStore.set({ error: asWireError(error).message, loaded: true });
  }
}

let selectVersion = 0;

/** Shows a run: its record is fetched once, and only the newest selection may land. */
export async function selectRun(engine: EngineClient, runId: string | undefined): Promise<void> {
  const version = ++selectVersion;
  setSelectedRun(runId);
  if (runId === undefined || settledDetails(historyStore.get(), runId)) return;
  try {
    const details = await engine.loadRun(runId);
    if (version !== selectVersion) return;
    if (details) addDetails(details);
    else historyStore.set({ error: `Run ${runId} is no longer in the cache` });
  } catch (error) {
    if (version === selectVersion) historyStore.set({ error: asWireError(error).message });
  }
}

/** ←/→ through history; from the draft, ← shows the newest run. */
export function stepRun(engine: EngineClient, delta: -1 | 1): void {
  const target = neighbourRun(historyStore.get(), delta);
  if (target !== undefined) void selectRun(engine, target);
}

/** Shows every run of the cache, or only the open workspace's; the newest shown is then fetched. */
export async function showAllRuns(engine: EngineClient, all: boolean): Promise<void> {
  setHistoryScope({ all });
  await refreshHistory(engine);
}
