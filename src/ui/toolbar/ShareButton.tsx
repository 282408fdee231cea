import { useState } from "react";
import { documentStore } from "../state/document";
import { inputsStore } from "../state/inputs";
import { settingsStore } from "../state/settings";
import { shareUrl } from "../share/shareLink";
import { workspacesStore } from "../state/workspaces";

/** A link to this dataflow, its inputs and cache choices, for anyone with the app (it stays in the URL). */
export function ShareButton() {
  const [link, setLink] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const share = () => {
    const { driver, behaviors, requested } = settingsStore.get();
    const name = workspacesStore.get().active?.name;
    const url = shareUrl({ source: documentStore.get().source, inputs: inputsStore.get(), driver, behaviors, requested, ...(name && { name }) }, window.location.href);
    setLink(url);
    setCopied(false);
    // The clipboard needs a secure context and a grant; the link stays visible to copy by hand.
    navigator.clipboard?.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <details className="sl-settings" data-testid="share" onToggle={(e) => (e.currentTarget.open ? share() : setLink(undefined))}>
      <summary data-testid="share-button">Share</summary>
      {link && (
        <div className="sl-settings-popover sl-share-popover">
          <label className="sl-toolbar-field">
            Link
            <input data-testid="share-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <span className="sl-muted">
            {copied ? "Copied to the clipboard. " : ""}It carries the code, inputs and cache choices (not results): whoever opens it runs the dataflow against their own cache.
          </span>
        </div>
      )}
    </details>
  );
}
