import type { EngineClient } from "../../worker/client";
import { analysisStore } from "../state/analysis";
import { documentStore } from "../state/document";
import { addExplanation, explainStore, setPlan } from "../state/explain";
import { historyStore, selectSelectedDetails } from "../state/history";
import { inputsStore, parseInputs } from "../state/inputs";
import { runStore } from "../state/run";
import { effectiveDriverOptions, requestedOutputs } from "../state/runOptions";
import { settingsStore } from "../state/settings";
import { selectMayRun, workspacesStore } from "../state/workspaces";

/** Typing is bursty: plan once the text (or an input) has been still this long. */
const PLAN_DELAY_MS = 250;

/** The request a Run pressed now would send, or undefined when it could not run. */
export function draftRequest() {
  // Planning builds the module (its top-level code runs, in the realm): a link's code waits for trust.
  if (!selectMayRun(workspacesStore.get())) return undefined;
  const { analysis } = analysisStore.get();
  if (!analysis || analysis.errors.length > 0) return undefined;
  const settings = settingsStore.get();
  const outputs = requestedOutputs(settings, analysis);
  const { values, problems } = parseInputs(inputsStore.get(), analysis.inputs.map((i) => i.name));
  if (problems.length > 0 || outputs.length === 0) return undefined;
  return { sources: [documentStore.get().source], outputs, inputs: values, overrides: {}, options: effectiveDriverOptions(settings, analysis) };
}

/**
 * Keeps the draft's plan current while the user edits code, inputs or settings (debounced; an
 * answer for an older draft is dropped), and fetches the explanation of each finished run shown.
 */
export function startExplaining(engine: EngineClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let version = 0;
  let lastKey = "";
  let plannedRuns: unknown;
  // Explanations being fetched; a kept one is in the store (which lets old ones go: fetched again if shown).
  const asked = new Set<string>();

  async function plan(key: string, request: NonNullable<ReturnType<typeof draftRequest>>): Promise<void> {
    const mine = ++version;
    try {
      const answer = await engine.plan(request);
      if (mine === version) setPlan(answer);
    } catch {
      // A draft that fails to build (a bad option, a missing input) has no plan; Run will say why.
      if (mine === version) setPlan(undefined);
      if (lastKey === key) lastKey = "";
    }
  }

  function onChange(): void {
    const history = historyStore.get();
    const selected = selectSelectedDetails(history);
    if (selected && selected.record.status !== "running" && !asked.has(selected.record.runId) && !explainStore.get().runs[selected.record.runId]) {
      const runId = selected.record.runId;
      asked.add(runId);
      void engine
        .explain(runId)
        .then((explanation) => explanation && addExplanation(explanation))
        .finally(() => asked.delete(runId));
    }
    if (runStore.get().phase !== "idle" || history.selectedRunId !== undefined) return;
    const request = draftRequest();
    const { backend, path } = settingsStore.get();
    const key = JSON.stringify([request, backend, path]);
    // History is re-read after every run, clear or switch of cache: each may change the plan.
    if (key === lastKey && history.runs === plannedRuns) return;
    lastKey = key;
    plannedRuns = history.runs;
    clearTimeout(timer);
    version++;
    if (!request) return setPlan(undefined);
    timer = setTimeout(() => void plan(key, request), PLAN_DELAY_MS);
  }

  const stores = [analysisStore, inputsStore, settingsStore, historyStore, runStore, documentStore, workspacesStore];
  const unsubscribe = stores.map((store) => store.subscribe(onChange));
  onChange();
  return () => {
    clearTimeout(timer);
    unsubscribe.forEach((off) => off());
  };
}
