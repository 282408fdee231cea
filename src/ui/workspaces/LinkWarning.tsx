import { trustActiveWorkspace } from "../actions/workspaceList";
import { useStore } from "../state/store";
import { selectActive, workspacesStore } from "../state/workspaces";

/** A dataflow from a link is someone else's code: nothing of it runs until its visitor says so. */
export function LinkWarning() {
  const active = useStore(workspacesStore, selectActive);
  if (!active || active.trusted) return null;
  const { origin } = active;
  const opened = origin.kind === "link" || origin.kind === "published" ? new Date(origin.openedAt).toLocaleString() : undefined;
  if (origin.kind === "published") {
    return (
      <div className="sl-link-warning" role="alert" data-testid="link-warning">
        <p>
          <strong>This is a published dataflow</strong> (opened {opened}). Its author&apos;s runs, logs and results are here to look at; none of its code
          has run. Once you trust it, runs use the published results where nothing changed and compute the rest in this browser.
        </p>
        <button type="button" className="sl-primary" data-testid="link-trust" onClick={() => void trustActiveWorkspace()}>
          Trust and allow running
        </button>
      </div>
    );
  }
  const from = origin.kind === "link" ? "a share link" : "a copy of a dataflow from a share link";
  return (
    <div className="sl-link-warning" role="alert" data-testid="link-warning">
      <p>
        <strong>This dataflow came from {from}</strong>
        {opened && <> (opened {opened})</>}. Its code has not run. Read it first: once you trust it, it runs in this browser against your own cache.
      </p>
      <button type="button" className="sl-primary" data-testid="link-trust" onClick={() => void trustActiveWorkspace()}>
        Trust and allow running
      </button>
    </div>
  );
}
