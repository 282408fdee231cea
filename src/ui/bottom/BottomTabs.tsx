import { FilesPanel } from "../files/FilesPanel";
import { LogsPanel } from "../logs/LogsPanel";
import { lazy, Suspense, useEffect, useRef } from "react";
import { CHART_BASIS, panelsStore, selectBottomCollapsed, selectBottomHeight, selectBottomTab, selectCharting, selectShownHeight, showTab, toggleBottom, type BottomTab } from "../state/panels";
import { PreviewPanel } from "../preview/PreviewPanel";
import { filesStore } from "../state/files";
import { useStore } from "../state/store";
import "./bottom.css";
import { Splitter } from "./Splitter";

// The Cache and Compare tabs are closed at first, so their code (and the run comparison under
// Compare) stays out of the page's first load; it is fetched once the page is idle, so opening
// either tab does not wait on the network.
const loadCachePanel = () => import("../cache/CachePanel").then((m) => ({ default: m.CachePanel }));
const loadComparePanel = () => import("../compare/ComparePanel").then((m) => ({ default: m.ComparePanel }));
const CachePanel = lazy(loadCachePanel);
const ComparePanel = lazy(loadComparePanel);

function usePreloadOnIdle(...loads: (() => Promise<unknown>)[]) {
  useEffect(() => {
    const load = () => loads.forEach((l) => void l().catch(() => undefined));
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(load, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(load, 1000);
    return () => clearTimeout(id);
    // The loaders are module constants: once per mount is enough.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

const TABS: { id: BottomTab; label: string }[] = [
  { id: "logs", label: "Logs" },
  { id: "preview", label: "Preview" },
  { id: "files", label: "Files" },
  { id: "cache", label: "Cache" },
  { id: "compare", label: "Compare" },
];

/** Logs, the selected node's value, and the file area; one visible at a time, all mounted. */
export function BottomTabs() {
  const tab = useStore(panelsStore, selectBottomTab);
  const height = useStore(panelsStore, selectShownHeight);
  const logsHeight = useStore(panelsStore, selectBottomHeight);
  const charting = useStore(panelsStore, selectCharting);
  const collapsed = useStore(panelsStore, selectBottomCollapsed);
  const fileCount = useStore(filesStore, (s) => s.files.length);
  const panel = useRef<HTMLElement>(null);
  usePreloadOnIdle(loadCachePanel, loadComparePanel);
  // A chart needs more room than logs: the panel grows while one is shown, and shrinks back after.
  const basis = collapsed ? undefined : height !== undefined ? height : charting ? CHART_BASIS(logsHeight) : undefined;
  return (
    <section className="sl-bottom" ref={panel} data-collapsed={collapsed ? "true" : "false"} data-charting={charting ? "true" : "false"} style={basis === undefined ? undefined : { flexBasis: basis }}>
      <Splitter panel={panel} />
      <div className="sl-tabs">
        <div className="sl-tablist" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" data-testid={`tab-${t.id}`} aria-selected={tab === t.id} className={tab === t.id ? "sl-tab sl-tab-active" : "sl-tab"} onClick={() => showTab(t.id)}>
              {t.label}
              {t.id === "files" && fileCount > 0 && <span className="sl-tab-count">{fileCount}</span>}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="sl-bottom-toggle"
          data-testid="bottom-toggle"
          aria-expanded={!collapsed}
          aria-label={collapsed ? "Show the bottom panel" : "Fold the bottom panel away"}
          title={collapsed ? "Show the panel" : "Fold the panel away (the graph gets the room)"}
          onClick={toggleBottom}
        >
          {collapsed ? "▴" : "▾"}
        </button>
      </div>
      {/* All stay mounted (hidden when not chosen), so each panel keeps its state and hooks. */}
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "logs"}>
        <LogsPanel />
      </div>
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "preview"}>
        <PreviewPanel />
      </div>
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "files"}>
        <FilesPanel />
      </div>
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "cache"}>
        <Suspense fallback={null}>
          <CachePanel />
        </Suspense>
      </div>
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "compare"}>
        {tab === "compare" && (
          <Suspense fallback={null}>
            <ComparePanel />
          </Suspense>
        )}
      </div>
    </section>
  );
}
