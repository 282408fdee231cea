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
  /** The preview's Chart view is mounted (it stays mounted while another tab is shown). */
  chartShown: boolean;
  /**
   * The bottom panel's height in px while a chart is on screen, once dragged; undefined: tall
   * enough to read a chart (CHART_BASIS). Logs and tables keep `bottomHeight`, so the panel
   * shrinks back when the chart closes.
   */
  chartHeight: number | undefined;
}

/** Sizes and folds are the browser's, not a workspace's: remembered in localStorage. */
const KEY = "sluice-panes";
type Remembered = Pick<PanelsState, "bottomHeight" | "bottomCollapsed" | "editorWidth" | "workspacesCollapsed" | "chartHeight">;

function remembered(): Partial<Remembered> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "{}");
    if (typeof parsed !== "object" || parsed === null) return {};
    const p = parsed as Record<string, unknown>;
    const size = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined);
    return { bottomHeight: size(p.bottomHeight), chartHeight: size(p.chartHeight), editorWidth: size(p.editorWidth), bottomCollapsed: p.bottomCollapsed === true, workspacesCollapsed: p.workspacesCollapsed === true };
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
  chartShown: false,
  chartHeight: undefined,
  ...remembered(),
});

panelsStore.subscribe(() => {
  const { bottomHeight, bottomCollapsed, editorWidth, workspacesCollapsed, chartHeight } = panelsStore.get();
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ bottomHeight, bottomCollapsed, editorWidth, workspacesCollapsed, chartHeight } satisfies Remembered));
  } catch {
    // Storage refused: sizes hold for this page only.
  }
});

/** Showing a tab unfolds the bottom panel: a click on a node must show its preview. */
export function showTab(bottomTab: BottomTab): void {
  panelsStore.set({ bottomTab, bottomCollapsed: false });
}

/** Dragged while a chart is on screen, the chart's height is set; otherwise the panel's own. */
export function setBottomHeight(height: number): void {
  const px = Math.round(height);
  panelsStore.set(selectCharting(panelsStore.get()) ? { chartHeight: px, bottomCollapsed: false } : { bottomHeight: px, bottomCollapsed: false });
}

export function setChartShown(chartShown: boolean): void {
  panelsStore.set({ chartShown });
}

/**
 * The panel's height while charting, until dragged: half the window up to 480 px, never less than
 * the panel already had. At 1024×700 that is 364 px where logs get 224: a chart of ~250 px.
 */
export const CHART_BASIS = (bottomHeight: number | undefined) => `max(200px, min(480px, 52vh), ${bottomHeight ?? 0}px)`;

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
/** A chart is on screen: the preview tab shows it and the panel is not folded. */
export const selectCharting = (s: PanelsState) => s.chartShown && s.bottomTab === "preview" && !s.bottomCollapsed;
/** The bottom panel's height as chosen now (chart or not); undefined: the stylesheet's or CHART_BASIS. */
export const selectShownHeight = (s: PanelsState) => (selectCharting(s) ? s.chartHeight : s.bottomHeight);
export const selectBottomCollapsed = (s: PanelsState) => s.bottomCollapsed;
export const selectEditorWidth = (s: PanelsState) => s.editorWidth;
export const selectWorkspacesCollapsed = (s: PanelsState) => s.workspacesCollapsed;
