import { BackendSettings } from "./BackendSettings";
import { DriverSettings } from "./DriverSettings";
import { ExamplesMenu } from "./ExamplesMenu";
import { NetworkSettings } from "./NetworkSettings";
import { RunControls } from "./RunControls";
import { ShareButton } from "./ShareButton";
import { PublishButton } from "../publish/PublishButton";
import { ThemeToggle } from "../theme/ThemeToggle";
import { panelsStore, selectWorkspacesCollapsed, toggleWorkspaces } from "../state/panels";
import { useStore } from "../state/store";
import "./toolbar.css";

/** Run, examples and cache settings: everything that changes what the next run does. */
export function Toolbar() {
  const collapsed = useStore(panelsStore, selectWorkspacesCollapsed);
  return (
    <header className="sl-toolbar">
      <button
        type="button"
        className="sl-ws-toggle"
        data-testid="workspace-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? "Show the workspace list" : "Hide the workspace list"}
        title={collapsed ? "Show workspaces" : "Hide workspaces"}
        onClick={toggleWorkspaces}
      >
        ☰
      </button>
      <span className="sl-brand" aria-label="Sluice">
        ≋ Sluice
      </span>
      <RunControls />
      <ExamplesMenu />
      <span className="sl-toolbar-spacer" />
      <ShareButton />
      <PublishButton />
      <details className="sl-settings" data-testid="cache-settings">
        <summary>Cache settings</summary>
        <div className="sl-settings-popover">
          <BackendSettings />
          <DriverSettings />
          <NetworkSettings />
        </div>
      </details>
      <ThemeToggle />
    </header>
  );
}
