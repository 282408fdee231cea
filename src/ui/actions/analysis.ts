import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import { analysisStore, setAnalysis } from "../state/analysis";
import { documentStore } from "../state/document";

/** Typing is bursty: analyse once the text has been still this long. */
const ANALYZE_DELAY_MS = 150;

/** An answer for an older revision is dropped, so a slow analysis never replaces a newer one. */
async function analyzeRevision(engine: EngineClient, revision: number, source: string): Promise<void> {
  try {
    const analysis = await engine.analyze([source]);
    if (documentStore.get().revision === revision) setAnalysis(analysis, revision);
  } catch (error) {
    if (documentStore.get().revision === revision) analysisStore.set({ failure: asWireError(error).message, revision });
  }
}

/** Keeps `analysisStore` describing the editor's text while the app is open. */
export function startAnalysis(engine: EngineClient): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scheduled = -1;

  function onChange(): void {
    const { revision, source } = documentStore.get();
    if (revision === scheduled) return;
    scheduled = revision;
    clearTimeout(timer);
    // The first text (boot, an example) is analysed at once; edits wait for a pause.
    const delay = analysisStore.get().analysis === undefined ? 0 : ANALYZE_DELAY_MS;
    timer = setTimeout(() => void analyzeRevision(engine, revision, source), delay);
  }

  onChange();
  const unsubscribe = documentStore.subscribe(onChange);
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/** Analyses the current text now, unless that is done: Run must not wait for the typing pause. */
export async function analyzeNow(engine: EngineClient): Promise<void> {
  const { revision, source } = documentStore.get();
  const current = analysisStore.get();
  if (current.revision === revision && current.analysis) return;
  await analyzeRevision(engine, revision, source);
}
