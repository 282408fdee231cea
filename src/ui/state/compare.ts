import { createStore } from "./store";

/** The two runs the Compare tab shows, the node whose values are diffed, and the key column. */
export interface CompareState {
  /** undefined: follow the history (the run before the shown one, and the shown or newest one). */
  before: string | undefined;
  after: string | undefined;
  node: string | undefined;
  key: string | undefined;
}

export const compareStore = createStore<CompareState>({ before: undefined, after: undefined, node: undefined, key: undefined });

export function chooseRuns(runs: { before?: string; after?: string }): void {
  compareStore.set((s) => ({ ...s, ...runs, node: undefined, key: undefined }));
}

export function chooseNode(node: string | undefined): void {
  compareStore.set({ node, key: undefined });
}

export function chooseKey(key: string | undefined): void {
  compareStore.set({ key });
}

export const selectCompare = (s: CompareState) => s;

/** The runs to compare: the choice, else the shown run (or the newest) and the one before it. */
export function comparedPair(choice: CompareState, runIds: readonly string[], shown: string | undefined): { before?: string; after?: string } {
  const after = choice.after ?? shown ?? runIds.at(-1);
  const at = after === undefined ? -1 : runIds.indexOf(after);
  const before = choice.before ?? (at > 0 ? runIds[at - 1] : undefined);
  return { before, after };
}
