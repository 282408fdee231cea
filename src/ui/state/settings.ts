import type { CachingBehavior } from "../../engine/types";
import type { BackendKind, DriverOptions } from "../../worker/protocol";
import { createStore } from "./store";

export interface SettingsState {
  /** `withCache` options, as an example or the cache menu sets them. */
  driver: DriverOptions;
  /** Per-node choices from the graph; they win over `driver` lists from the next run on. */
  behaviors: Record<string, CachingBehavior>;
  /** Requested outputs; undefined means "the sinks of the graph". */
  requested: string[] | undefined;
  backend: BackendKind;
  /** The IndexedDB database name (`withCache({ path })`). */
  path: string;
}

export const DEFAULT_PATH = "sluice_cache";

export const settingsStore = createStore<SettingsState>({
  driver: {},
  behaviors: {},
  requested: undefined,
  backend: "indexeddb",
  path: DEFAULT_PATH,
});

export function setNodeBehavior(node: string, behavior: CachingBehavior | undefined): void {
  settingsStore.set((s) => {
    const behaviors = { ...s.behaviors };
    if (behavior === undefined) delete behaviors[node];
    else behaviors[node] = behavior;
    return { ...s, behaviors };
  });
}

export function setRequested(requested: string[] | undefined): void {
  settingsStore.set({ requested });
}

export function setDriverOptions(driver: DriverOptions): void {
  settingsStore.set({ driver });
}

export const selectDriver = (s: SettingsState) => s.driver;
export const selectBehaviors = (s: SettingsState) => s.behaviors;
export const selectRequested = (s: SettingsState) => s.requested;
export const selectBackend = (s: SettingsState) => s.backend;
export const selectPath = (s: SettingsState) => s.path;
