import Dexie, { type EntityTable } from "dexie";
import type { CachingBehavior } from "../../engine/types";
import type { DriverOptions } from "../../worker/protocol";
import { documentStore } from "./document";
import { inputsStore, type InputsState } from "./inputs";
import { settingsStore } from "./settings";

/** The user's workspace, so a reload restores it. The engine's cache is another database. */
export interface SavedWorkspace {
  key: "workspace";
  source: string;
  exampleId: string | undefined;
  edited?: boolean;
  inputs: InputsState;
  driver: DriverOptions;
  behaviors: Record<string, CachingBehavior>;
  requested: string[] | undefined;
  savedAt: number;
}

const db = new Dexie("sluice_app") as Dexie & { workspace: EntityTable<SavedWorkspace, "key"> };
db.version(1).stores({ workspace: "key" });

const SAVE_DELAY_MS = 300;

export async function loadWorkspace(): Promise<SavedWorkspace | undefined> {
  try {
    return await db.workspace.get("workspace");
  } catch (error) {
    // A blocked or unavailable database must not stop the app from opening.
    console.warn("Could not restore the workspace", error);
    return undefined;
  }
}

function snapshot(): SavedWorkspace {
  const { source, exampleId, edited } = documentStore.get();
  const { driver, behaviors, requested } = settingsStore.get();
  return { key: "workspace", source, exampleId, edited, inputs: inputsStore.get(), driver, behaviors, requested, savedAt: Date.now() };
}

/** Saves shortly after each change (typing is bursty) and at once when the tab is hidden. */
export function startPersisting(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    db.workspace.put(snapshot()).catch((error: unknown) => console.warn("Could not save the workspace", error));
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  const onHide = () => {
    if (document.visibilityState === "hidden" && timer !== undefined) save();
  };
  const unsubscribe = [documentStore.subscribe(soon), inputsStore.subscribe(soon), settingsStore.subscribe(soon)];
  document.addEventListener("visibilitychange", onHide);
  return () => {
    if (timer !== undefined) save();
    unsubscribe.forEach((off) => off());
    document.removeEventListener("visibilitychange", onHide);
  };
}
