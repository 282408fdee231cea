import { useSyncExternalStore } from "react";

/**
 * A tiny observable value, one per state domain. Components read it through `useStore` with a
 * selector; selectors must return stored references or primitives (derive with useMemo), since
 * a fresh object per read would make React re-render forever.
 */
export function createStore<T extends object>(initial: T) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: (): T => state,
    set(update: Partial<T> | ((current: T) => T)): void {
      const next = typeof update === "function" ? update(state) : { ...state, ...update };
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Store<T extends object> = ReturnType<typeof createStore<T>>;

export function useStore<T extends object, S>(store: Store<T>, selector: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}
