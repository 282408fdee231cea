import { createStore } from "./store";

export type BottomTab = "logs" | "preview" | "files";

/** Which bottom tab is open: a view choice, shared so a node click can open the preview. */
export const panelsStore = createStore<{ bottomTab: BottomTab }>({ bottomTab: "logs" });

export function showTab(bottomTab: BottomTab): void {
  panelsStore.set({ bottomTab });
}

export const selectBottomTab = (s: { bottomTab: BottomTab }) => s.bottomTab;
