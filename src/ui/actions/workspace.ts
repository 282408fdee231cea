import { getExample, type Example } from "../../examples";
import { replaceDocument, setSource } from "../state/document";
import { historyStore, selectSelectedDetails, setSelectedRun } from "../state/history";
import { inputText, replaceInputs } from "../state/inputs";
import { loadWorkspace } from "../state/persist";
import { settingsStore } from "../state/settings";
import { selectNode } from "../state/selection";
import { readShared, type SharedWorkspace } from "../share/shareLink";

const FIRST_EXAMPLE = "basics";

/** An example brings its module, inputs, requested outputs and `withCache` options. */
export function openExample(example: Example): void {
  replaceDocument(example.source, example.id);
  replaceInputs(example.inputs);
  settingsStore.set({ driver: { ...example.cacheOptions }, behaviors: {}, requested: [...example.outputs] });
  setSelectedRun(undefined);
  selectNode(undefined);
  setExampleInUrl(example.id);
}

/** The URL names the example while the text is still the example's; an edit makes it the user's. */
function setExampleInUrl(id: string | undefined): void {
  const url = new URL(window.location.href);
  if (id === undefined) url.searchParams.delete("example");
  else url.searchParams.set("example", id);
  if (url.href !== window.location.href) window.history.replaceState(null, "", url);
}

export function editSource(source: string): void {
  setSource(source);
  // Typing into a past run's code would be confusing: edits always go to the draft.
  if (historyStore.get().selectedRunId !== undefined) setSelectedRun(undefined);
  setExampleInUrl(undefined);
}

/** Opens a shared workspace as the user's own draft; the hash is dropped so a reload keeps it. */
function openShared(shared: SharedWorkspace): void {
  replaceDocument(shared.source, undefined, true);
  replaceInputs(shared.inputs.values, shared.inputs.types);
  settingsStore.set({ driver: shared.driver, behaviors: shared.behaviors, requested: shared.requested });
  const url = new URL(window.location.href);
  url.hash = "";
  window.history.replaceState(null, "", url);
}

/** A `#share=` link wins, then `?example=<id>`; otherwise the saved workspace, else the first example. */
export async function bootWorkspace(): Promise<{ unknownExample?: string }> {
  const shared = readShared(window.location.hash);
  if (shared) {
    openShared(shared);
    setExampleInUrl(undefined);
    return {};
  }
  const requested = new URLSearchParams(window.location.search).get("example");
  const example = requested ? getExample(requested) : undefined;
  if (example) {
    openExample(example);
    return {};
  }
  const saved = await loadWorkspace();
  if (saved) {
    replaceDocument(saved.source, saved.exampleId, saved.edited ?? saved.exampleId === undefined);
    replaceInputs(saved.inputs.values, saved.inputs.types);
    settingsStore.set({ driver: saved.driver, behaviors: saved.behaviors, requested: saved.requested });
  } else openExample(getExample(FIRST_EXAMPLE)!);
  setExampleInUrl(undefined);
  return requested ? { unknownExample: requested } : {};
}

/** Copies the selected run's code and inputs into the draft, to run it again or change it. */
export function restoreSelectedRun(): void {
  const details = selectSelectedDetails(historyStore.get());
  if (!details) return;
  const { record } = details;
  replaceDocument(record.modules.join("\n\n"), undefined);
  const entries = Object.entries(record.inputs);
  replaceInputs(
    Object.fromEntries(entries.map(([k, v]) => [k, inputText(v)])),
    Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "string" ? "text" : "json"])),
  );
  settingsStore.set({ requested: [...record.outputs] });
  setSelectedRun(undefined);
  setExampleInUrl(undefined);
}
