import { useCallback, useRef } from "react";
import { BottomTabs } from "../bottom/BottomTabs";
import { EditorPane } from "../code/EditorPane";
import { ErrorBanner } from "../errors/ErrorBanner";
import { GraphPanel } from "../graph/GraphPanel";
import { HistoryStrip } from "../history/HistoryStrip";
import { InputsPanel } from "../inputs/InputsPanel";
import { NetworkAsk } from "../network/NetworkAsk";
import { UploadProgress } from "../files/UploadProgress";
import { Toolbar } from "../toolbar/Toolbar";
import { importFiles } from "../actions/workspaceFiles";
import { LinkWarning } from "../workspaces/LinkWarning";
import { useFileDrop } from "../workspaces/useFileDrop";
import { WorkspaceList } from "../workspaces/WorkspaceList";
import { WorkspaceNotice } from "../workspaces/WorkspaceNotice";
import type { EngineClient } from "../../worker/client";
import { EngineProvider, useEngine } from "./engine";
import "./layout.css";
import "./theme.css";
import { ColumnSplitter } from "./ColumnSplitter";
import { panelsStore, selectEditorWidth, selectWorkspacesCollapsed } from "../state/panels";
import { useStore } from "../state/store";
import { useShortcuts } from "./useShortcuts";
import { useWorkspace } from "./useWorkspace";

function Loading() {
  return <div className="sl-loading">Opening Sluice…</div>;
}

function Workspace() {
  const engine = useEngine();
  const ready = useWorkspace(engine);
  const dragging = useFileDrop(useCallback((files: File[]) => void importFiles(engine, files), [engine]));
  useShortcuts(engine);
  const editorWidth = useStore(panelsStore, selectEditorWidth);
  const workspacesCollapsed = useStore(panelsStore, selectWorkspacesCollapsed);
  const left = useRef<HTMLDivElement>(null);
  if (!ready) return <Loading />;
  return (
    <div className="sl-app">
      <Toolbar />
      <WorkspaceNotice />
      <LinkWarning />
      <main className="sl-main">
        {!workspacesCollapsed && <WorkspaceList />}
        <div className="sl-left" ref={left} style={editorWidth === undefined ? undefined : { flexBasis: editorWidth }}>
          <EditorPane />
          <InputsPanel />
        </div>
        <ColumnSplitter column={left} />
        <div className="sl-centre">
          <ErrorBanner />
          <div className="sl-graph-wrap">
            <GraphPanel />
          </div>
          <HistoryStrip />
        </div>
      </main>
      <BottomTabs />
      {dragging && (
        <div className="sl-drop-overlay" data-testid="drop-overlay">
          Drop modules or workspace files to import them, data files to add them to the file area
        </div>
      )}
      <UploadProgress />
      <NetworkAsk />
    </div>
  );
}

/** Workspaces left, editor, graph centre, history under the graph, logs/preview/files below. */
export function App({ engine }: { engine: EngineClient }) {
  return (
    <EngineProvider client={engine}>
      <Workspace />
    </EngineProvider>
  );
}
