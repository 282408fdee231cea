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
  /** Compute workers a run may use at once (SPEC.md §13): this machine's, so kept per browser. */
  workers: number;
}

const WORKERS_KEY = "sluice.workers";
/** The machine's cores less one (the page and the engine worker need one), at least 1. */
export const DEFAULT_WORKERS = Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
export const MAX_WORKERS = Math.max(DEFAULT_WORKERS, globalThis.navigator?.hardwareConcurrency ?? 2, 2);

function storedWorkers(): number {
  try {
    const n = Number(globalThis.localStorage?.getItem(WORKERS_KEY));
    return Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS ? n : DEFAULT_WORKERS;
  } catch {
    return DEFAULT_WORKERS;
  }
}

export const DEFAULT_PATH = "sluice_cache";

export const settingsStore = createStore<SettingsState>({
  driver: {},
  behaviors: {},
  requested: undefined,
  backend: "indexeddb",
  path: DEFAULT_PATH,
  workers: storedWorkers(),
});

export function setWorkers(workers: number): void {
  settingsStore.set({ workers });
  try {
    globalThis.localStorage?.setItem(WORKERS_KEY, String(workers));
  } catch {
    // Storage refused (a locked-down profile): the choice lasts for this page.
  }
}

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
export const selectWorkers = (s: SettingsState) => s.workers;
