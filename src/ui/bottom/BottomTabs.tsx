import { CachePanel } from "../cache/CachePanel";
import { ComparePanel } from "../compare/ComparePanel";
import { FilesPanel } from "../files/FilesPanel";
import { LogsPanel } from "../logs/LogsPanel";
import { useRef } from "react";
import { panelsStore, selectBottomCollapsed, selectBottomHeight, selectBottomTab, showTab, toggleBottom, type BottomTab } from "../state/panels";
import { PreviewPanel } from "../preview/PreviewPanel";
import { filesStore } from "../state/files";
import { useStore } from "../state/store";
import "./bottom.css";
import { Splitter } from "./Splitter";

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
  const height = useStore(panelsStore, selectBottomHeight);
  const collapsed = useStore(panelsStore, selectBottomCollapsed);
  const fileCount = useStore(filesStore, (s) => s.files.length);
  const panel = useRef<HTMLElement>(null);
  return (
    <section className="sl-bottom" ref={panel} data-collapsed={collapsed ? "true" : "false"} style={height === undefined || collapsed ? undefined : { flexBasis: height }}>
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
        <CachePanel />
      </div>
      <div className="sl-tab-body" role="tabpanel" hidden={tab !== "compare"}>
        {tab === "compare" && <ComparePanel />}
      </div>
    </section>
  );
}
