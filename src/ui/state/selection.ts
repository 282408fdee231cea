import { createStore } from "./store";

/** The node whose details the preview shows. */
export interface SelectionState {
  node: string | undefined;
}

export const selectionStore = createStore<SelectionState>({ node: undefined });

export function selectNode(node: string | undefined): void {
  selectionStore.set({ node });
}

export const selectSelectedNode = (s: SelectionState) => s.node;
