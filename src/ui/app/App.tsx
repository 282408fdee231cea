import { BottomTabs } from "../bottom/BottomTabs";
import { EditorPane } from "../code/EditorPane";
import { ErrorBanner } from "../errors/ErrorBanner";
import { GraphPanel } from "../graph/GraphPanel";
import { HistoryStrip } from "../history/HistoryStrip";
import { InputsPanel } from "../inputs/InputsPanel";
import { NetworkAsk } from "../network/NetworkAsk";
import { Toolbar } from "../toolbar/Toolbar";
import type { EngineClient } from "../../worker/client";
import { EngineProvider, useEngine } from "./engine";
import "./layout.css";
import "./theme.css";
import { useShortcuts } from "./useShortcuts";
import { useWorkspace } from "./useWorkspace";

function Loading() {
  return <div className="sl-loading">Opening Sluice…</div>;
}

function Workspace() {
  const engine = useEngine();
  const { ready, notice } = useWorkspace(engine);
  useShortcuts(engine);
  if (!ready) return <Loading />;
  return (
    <div className="sl-app">
      <Toolbar />
      {notice && <div className="sl-notice">{notice}</div>}
      <main className="sl-main">
        <div className="sl-left">
          <EditorPane />
          <InputsPanel />
        </div>
        <div className="sl-centre">
          <ErrorBanner />
          <div className="sl-graph-wrap">
            <GraphPanel />
          </div>
          <HistoryStrip />
        </div>
      </main>
      <BottomTabs />
      <NetworkAsk />
    </div>
  );
}

/** Editor left, graph centre, history under the graph, logs/preview/files below. */
export function App({ engine }: { engine: EngineClient }) {
  return (
    <EngineProvider client={engine}>
      <Workspace />
    </EngineProvider>
  );
}
