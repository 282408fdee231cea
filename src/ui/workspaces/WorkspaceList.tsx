import { useRef } from "react";
import { createWorkspace, restoreWorkspace } from "../actions/workspaceList";
import { exportBackup, importFiles } from "../actions/workspaceFiles";
import { useEngine } from "../app/engine";
import { useStore } from "../state/store";
import { selectActiveId, selectTrash, selectWorkspaces, workspacesStore } from "../state/workspaces";
import { MODULE_EXTENSIONS } from "./bundle";
import { relativeTime, useNow } from "./useNow";
import { WorkspaceItem } from "./WorkspaceItem";
import "./workspaces.css";

/** Every saved dataflow, most recently changed first, with the trash below. */
export function WorkspaceList() {
  const engine = useEngine();
  const list = useStore(workspacesStore, selectWorkspaces);
  const trash = useStore(workspacesStore, selectTrash);
  const activeId = useStore(workspacesStore, selectActiveId);
  const now = useNow();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <aside className="sl-workspaces" data-testid="workspace-list" aria-label="Workspaces">
      <header className="sl-ws-head">
        <h2>Workspaces</h2>
        <button type="button" className="sl-ws-new" data-testid="workspace-new" title="A new, empty workspace" onClick={() => void createWorkspace(engine)}>
          + New
        </button>
      </header>
      <ul className="sl-ws-items">
        {list.map((workspace) => (
          <WorkspaceItem key={workspace.id} workspace={workspace} active={workspace.id === activeId} now={now} />
        ))}
      </ul>
      <footer className="sl-ws-foot">
        <button type="button" data-testid="workspace-import" title="Import modules (.ts, .js), workspace bundles or a backup (.json), published dataflows (.sluice); or drop files on the page" onClick={() => picker.current?.click()}>
          Import…
        </button>
        <button type="button" data-testid="workspace-backup" title="Every workspace in one file" onClick={() => void exportBackup()}>
          Back up all
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          multiple
          data-testid="workspace-import-input"
          accept={[...MODULE_EXTENSIONS, ".json", ".sluice"].join(",")}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = "";
            void importFiles(engine, files);
          }}
        />
        {trash.length > 0 && (
          <details className="sl-ws-trash" data-testid="workspace-trash">
            <summary>Trash ({trash.length})</summary>
            <p className="sl-muted">Kept for 30 days.</p>
            <ul>
              {trash.map((workspace) => (
                <li key={workspace.id} data-testid="workspace-trash-item">
                  <span title={workspace.name}>{workspace.name}</span>
                  <span className="sl-muted">{relativeTime(workspace.deletedAt!, now)}</span>
                  <button type="button" data-testid="workspace-restore" onClick={() => void restoreWorkspace(engine, workspace.id)}>
                    Restore
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
      </footer>
    </aside>
  );
}
