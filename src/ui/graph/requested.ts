import { analysisStore } from "../state/analysis";
import { requestedOutputs } from "../state/runOptions";
import { setRequested, settingsStore } from "../state/settings";

/** Adds or removes a node from the next run's outputs; none left means "the sinks" again. */
export function toggleRequested(name: string): void {
  const current = requestedOutputs(settingsStore.get(), analysisStore.get().lastGood);
  const next = current.includes(name) ? current.filter((n) => n !== name) : [...current, name];
  setRequested(next.length > 0 ? next : undefined);
}
