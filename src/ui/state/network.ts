import { createStore } from "./store";

/** The visitor's answer for one origin: node code may fetch from it, or may not. */
export type Grant = "allow" | "deny";

export interface NetworkState {
  /** By origin (`https://example.org`). Kept per workspace by whoever persists this store. */
  grants: Record<string, Grant>;
}

/** Which origins node code may reach through `fetchTable`; the engine worker asks the page per origin. */
export const networkStore = createStore<NetworkState>({ grants: {} });

export function setGrant(origin: string, grant: Grant): void {
  networkStore.set((s) => (s.grants[origin] === grant ? s : { grants: { ...s.grants, [origin]: grant } }));
}

export function revokeGrant(origin: string): void {
  networkStore.set((s) => {
    if (!(origin in s.grants)) return s;
    const { [origin]: _revoked, ...grants } = s.grants;
    return { grants };
  });
}

/** Replaces every grant, e.g. when another workspace opens. */
export function setGrants(grants: Record<string, Grant>): void {
  networkStore.set({ grants: { ...grants } });
}

export const selectGrants = (s: NetworkState) => s.grants;
export const selectGrant = (origin: string) => (s: NetworkState): Grant | undefined => s.grants[origin];

/** Questions waiting for the visitor (one per origin), oldest first. Not persisted. */
export interface NetworkQuestion {
  origin: string;
  url: string;
}

export const networkQuestions = createStore<{ asking: NetworkQuestion[] }>({ asking: [] });

export const selectFirstQuestion = (s: { asking: NetworkQuestion[] }): NetworkQuestion | undefined => s.asking[0];
