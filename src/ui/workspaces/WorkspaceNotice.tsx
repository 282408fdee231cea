import { useStore } from "../state/store";
import { selectWorkspaceNotice, setNotice, workspacesStore } from "../state/workspaces";

/** What just happened to workspaces (a delete, a link refused, a tab conflict), with its undo. */
export function WorkspaceNotice() {
  const notice = useStore(workspacesStore, selectWorkspaceNotice);
  if (!notice) return null;
  return (
    <div className={`sl-notice sl-notice-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"} data-testid="workspace-notice">
      <span>{notice.text}</span>
      {notice.action && (
        <button type="button" data-testid={notice.action.testId} onClick={notice.action.run}>
          {notice.action.label}
        </button>
      )}
      <button type="button" className="sl-notice-close" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
        ×
      </button>
    </div>
  );
}
