import { getExample } from "../../examples";
import { selectRun } from "../actions/history";
import { startRun } from "../actions/run";
import { columnsOf } from "../actions/columns";
import { editSource, restoreSelectedRun } from "../actions/workspace";
import { useEngine } from "../app/engine";
import { CodeEditor } from "../editor/CodeEditor";
import { documentStore, selectEdited, selectExampleId } from "../state/document";
import { useStore } from "../state/store";
import { workspacesStore } from "../state/workspaces";
import { SaveStatus } from "../workspaces/SaveStatus";
import "./code.css";
import { useEditorView } from "./useEditorView";

/** The code: the draft to edit, or the code a past run ran, with markers from the engine. */
export function EditorPane() {
  const engine = useEngine();
  const view = useEditorView();
  const exampleId = useStore(documentStore, selectExampleId);
  const edited = useStore(documentStore, selectEdited);
  const example = exampleId ? getExample(exampleId) : undefined;
  const name = useStore(workspacesStore, (s) => s.active?.name);
  return (
    <section className="sl-code" aria-label="Code">
      <header className="sl-code-head">
        <strong data-testid="workspace-title">{name ?? example?.title ?? "Your dataflow"}</strong>
        <SaveStatus />
        {example && !edited && <p className="sl-muted">{example.description}</p>}
      </header>
      {view.runLabel && (
        <div className="sl-code-banner" role="status">
          <span>
            Showing the code of {view.runLabel} (read-only).
          </span>
          <button type="button" onClick={() => void selectRun(engine, undefined)}>
            Back to my code
          </button>
          <button type="button" data-testid="restore-run" onClick={restoreSelectedRun}>
            Restore this run
          </button>
        </div>
      )}
      <div className="sl-code-editor">
        <CodeEditor
          value={view.value}
          onChange={editSource}
          onRun={() => void startRun(engine)}
          markers={view.markers}
          nodeNames={view.nodeNames}
          columnsOf={(node) => columnsOf(engine, node)}
          readOnly={view.readOnly}
        />
      </div>
    </section>
  );
}
