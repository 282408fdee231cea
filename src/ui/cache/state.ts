import type { CacheUsage } from "../../worker/protocol";
import { createStore } from "../state/store";

export interface Quota {
  /** Bytes the browser says this origin uses and may use (`navigator.storage.estimate()`). */
  usage?: number;
  quota?: number;
  /** Whether the browser promised not to clear this origin's storage under pressure. */
  persisted?: boolean;
}

export interface CacheState {
  usage: CacheUsage | undefined;
  quota: Quota;
  /** What the last action did, in words. */
  message: string | undefined;
  error: string | undefined;
  busy: boolean;
}

export const cacheStore = createStore<CacheState>({ usage: undefined, quota: {}, message: undefined, error: undefined, busy: false });
