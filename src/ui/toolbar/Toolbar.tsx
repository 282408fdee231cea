import { BackendSettings } from "./BackendSettings";
import { DriverSettings } from "./DriverSettings";
import { ExamplesMenu } from "./ExamplesMenu";
import { NetworkSettings } from "./NetworkSettings";
import { RunControls } from "./RunControls";
import { ShareButton } from "./ShareButton";
import { ThemeToggle } from "../theme/ThemeToggle";
import "./toolbar.css";

/** Run, examples and cache settings: everything that changes what the next run does. */
export function Toolbar() {
  return (
    <header className="sl-toolbar">
      <span className="sl-brand" aria-label="Sluice">
        ≋ Sluice
      </span>
      <RunControls />
      <ExamplesMenu />
      <span className="sl-toolbar-spacer" />
      <ShareButton />
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
