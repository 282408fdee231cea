import { createStore } from "./store";

export type BottomTab = "logs" | "preview" | "files" | "cache" | "compare";

export interface PanelsState {
  bottomTab: BottomTab;
  /** The bottom panel's height in px; undefined: the stylesheet's default. */
  bottomHeight: number | undefined;
  /** Only the tab bar shows: the graph gets the room. */
  bottomCollapsed: boolean;
  /** The editor column's width in px; undefined: the stylesheet's default. */
  editorWidth: number | undefined;
  workspacesCollapsed: boolean;
}

/** Sizes and folds are the browser's, not a workspace's: remembered in localStorage. */
const KEY = "sluice-panes";
type Remembered = Pick<PanelsState, "bottomHeight" | "bottomCollapsed" | "editorWidth" | "workspacesCollapsed">;

function remembered(): Partial<Remembered> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "{}");
    if (typeof parsed !== "object" || parsed === null) return {};
    const p = parsed as Record<string, unknown>;
    const size = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined);
    return { bottomHeight: size(p.bottomHeight), editorWidth: size(p.editorWidth), bottomCollapsed: p.bottomCollapsed === true, workspacesCollapsed: p.workspacesCollapsed === true };
  } catch {
    return {};
  }
}

/** View choices shared across panels: a node click opens the preview, the splitters size them. */
export const panelsStore = createStore<PanelsState>({
  bottomTab: "logs",
  bottomHeight: undefined,
  bottomCollapsed: false,
  editorWidth: undefined,
  workspacesCollapsed: false,
  ...remembered(),
});

panelsStore.subscribe(() => {
  const { bottomHeight, bottomCollapsed, editorWidth, workspacesCollapsed } = panelsStore.get();
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ bottomHeight, bottomCollapsed, editorWidth, workspacesCollapsed } satisfies Remembered));
  } catch {
    // Storage refused: sizes hold for this page only.
  }
});

/** Showing a tab unfolds the bottom panel: a click on a node must show its preview. */
export function showTab(bottomTab: BottomTab): void {
  panelsStore.set({ bottomTab, bottomCollapsed: false });
}

export function setBottomHeight(bottomHeight: number): void {
  panelsStore.set({ bottomHeight: Math.round(bottomHeight), bottomCollapsed: false });
}

export function toggleBottom(): void {
  panelsStore.set((s) => ({ ...s, bottomCollapsed: !s.bottomCollapsed }));
}

export function setEditorWidth(editorWidth: number): void {
  panelsStore.set({ editorWidth: Math.round(editorWidth) });
}

export function toggleWorkspaces(): void {
  panelsStore.set((s) => ({ ...s, workspacesCollapsed: !s.workspacesCollapsed }));
}

export const selectBottomTab = (s: PanelsState) => s.bottomTab;
export const selectBottomHeight = (s: PanelsState) => s.bottomHeight;
export const selectBottomCollapsed = (s: PanelsState) => s.bottomCollapsed;
export const selectEditorWidth = (s: PanelsState) => s.editorWidth;
export const selectWorkspacesCollapsed = (s: PanelsState) => s.workspacesCollapsed;
