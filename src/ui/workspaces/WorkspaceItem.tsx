import { useState } from "react";
import { deleteWorkspace, duplicateWorkspace, renameWorkspace, switchWorkspace } from "../actions/workspaceList";
import { exportWorkspace } from "../actions/workspaceFiles";
import { useEngine } from "../app/engine";
import type { Workspace } from "./model";
import { relativeTime } from "./useNow";

const ORIGIN_MARK: Partial<Record<Workspace["origin"]["kind"], { short: string; label: string }>> = {
  link: { short: "link", label: "from a share link" },
  example: { short: "example", label: "from an example" },
  file: { short: "file", label: "imported from a file" },
  published: { short: "published", label: "a published dataflow, with its author's runs and results" },
};

function RenameField({ workspace, done }: { workspace: Workspace; done: () => void }) {
  const [name, setName] = useState(workspace.name);
  const commit = () => {
    if (name.trim() && name !== workspace.name) void renameWorkspace(workspace.id, name);
    done();
  };
  return (
    <input
      className="sl-ws-rename"
      data-testid="workspace-name-input"
      aria-label={`New name for ${workspace.name}`}
      value={name}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setName(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") done();
      }}
    />
  );
}

/** One workspace: open it; rename, duplicate, export or delete it from its menu. */
export function WorkspaceItem({ workspace, active, now }: { workspace: Workspace; active: boolean; now: number }) {
  const engine = useEngine();
  const [renaming, setRenaming] = useState(false);
  const mark = ORIGIN_MARK[workspace.origin.kind];
  const act = (action: () => unknown) => (event: React.MouseEvent<HTMLButtonElement>) => {
    event.currentTarget.closest("details")?.removeAttribute("open");
    void action();
  };
  return (
    <li className={`sl-ws-item${active ? " sl-ws-active" : ""}`} data-testid="workspace-item" data-id={workspace.id} data-active={active ? "true" : "false"}>
      {renaming ? (
        <RenameField workspace={workspace} done={() => setRenaming(false)} />
      ) : (
        <button
          type="button"
          className="sl-ws-open"
          aria-current={active ? "page" : undefined}
          title={`${workspace.name}\nchanged ${new Date(workspace.updatedAt).toLocaleString()}${mark ? `\n${mark.label}` : ""}`}
          onClick={() => void switchWorkspace(engine, workspace.id)}
          onDoubleClick={() => setRenaming(true)}
        >
          <span className="sl-ws-name" data-testid="workspace-name">
            {workspace.name}
          </span>
          <span className="sl-ws-time">
            {mark && (
              <span className={`sl-ws-origin sl-ws-origin-${workspace.origin.kind}`} title={mark.label}>
                {mark.short}
              </span>
            )}
            {workspace.trusted ? "" : <span className="sl-ws-untrusted">not trusted</span>}
            {relativeTime(workspace.updatedAt, now)}
          </span>
        </button>
      )}
      <details className="sl-ws-menu">
        <summary data-testid="workspace-menu" aria-label={`Actions for ${workspace.name}`} title="Rename, duplicate, export, delete">
          ⋯
        </summary>
        <div className="sl-ws-menu-popover" role="menu">
          <button type="button" role="menuitem" data-testid="workspace-rename" onClick={act(() => setRenaming(true))}>
            Rename
          </button>
          <button type="button" role="menuitem" data-testid="workspace-duplicate" onClick={act(() => duplicateWorkspace(engine, workspace.id))}>
            Duplicate
          </button>
          <button type="button" role="menuitem" data-testid="workspace-export-ts" onClick={act(() => exportWorkspace(workspace.id, "module"))}>
            Export module (.ts)
          </button>
          <button type="button" role="menuitem" data-testid="workspace-export-json" onClick={act(() => exportWorkspace(workspace.id, "bundle"))}>
            Export with inputs (.json)
          </button>
          <button type="button" role="menuitem" className="sl-danger" data-testid="workspace-delete" onClick={act(() => deleteWorkspace(engine, workspace.id))}>
            Delete
          </button>
        </div>
      </details>
    </li>
  );
}
