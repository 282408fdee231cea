import { useStore } from "../state/store";
import { selectOtherTabs, selectSaveStatus, workspacesStore } from "../state/workspaces";

const TEXT = { saved: "Saved", pending: "Saving…", failed: "Not saved" } as const;

/** Whether what is typed is on disk, and whether another tab has this workspace open too. */
export function SaveStatus() {
  const status = useStore(workspacesStore, selectSaveStatus);
  const error = useStore(workspacesStore, (s) => s.saveError);
  const others = useStore(workspacesStore, selectOtherTabs);
  return (
    <span className="sl-save">
      <span className={`sl-save-status sl-save-${status}`} data-testid="save-status" data-status={status} title={error}>
        {TEXT[status]}
      </span>
      {others > 0 && (
        <span className="sl-save-tabs" data-testid="workspace-other-tabs" title="Edits in either tab show in the other; if both change it at once, the later edit is kept as a copy.">
          also open in {others === 1 ? "another tab" : `${others} other tabs`}
        </span>
      )}
    </span>
  );
}
