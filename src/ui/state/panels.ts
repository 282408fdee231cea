import { createStore } from "./store";

export type BottomTab = "logs" | "preview" | "files" | "cache" | "compare";

export interface PanelsState {
  bottomTab: BottomTab;
  /** The bottom panel's height in px; undefined: the stylesheet's default. */
  bottomHeight: number | undefined;
}

/** View choices shared across panels: a node click opens the preview, the splitter sizes it. */
export const panelsStore = createStore<PanelsState>({ bottomTab: "logs", bottomHeight: undefined });

export function showTab(bottomTab: BottomTab): void {
  panelsStore.set({ bottomTab });
}

export function setBottomHeight(bottomHeight: number): void {
  panelsStore.set({ bottomHeight: Math.round(bottomHeight) });
}

export const selectBottomTab = (s: PanelsState) => s.bottomTab;
export const selectBottomHeight = (s: PanelsState) => s.bottomHeight;
