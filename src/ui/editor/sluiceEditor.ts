// The editor as a factory with a lifecycle: CodeEditor's hook only creates and disposes it.
import type { editor as MonacoEditor } from "monaco-editor";
import { setupMonaco, type Monaco } from "./monacoSetup";
import { registerNodeCompletion } from "./nodeCompletion";
import { completeSql, highlightSql } from "./sqlEditing";
import "./sql.css";
import type { EditorMarker } from "./types";

export interface SluiceEditorCallbacks {
  onChange(value: string): void;
  onRun(): void;
  nodeNames(): string[];
  /** A node's columns as its last run's value had them, for completion in SQL. */
  columnsOf(node: string): Promise<string[]>;
}

export interface SluiceEditor {
  readonly editor: MonacoEditor.IStandaloneCodeEditor;
  /** Applies a value from outside (an example, a history step); a no-op when it is the current text. */
  setValue(value: string): void;
  setMarkers(markers: EditorMarker[]): void;
  setReadOnly(readOnly: boolean): void;
  dispose(): void;
}

/** Owner of our markers, apart from TypeScript's own ("typescript"). */
export const MARKER_OWNER = "sluice";
let modelCount = 0;
const MAX_UNCONFIRMED = 64;

export function createSluiceEditor(
  container: HTMLElement,
  initial: { value: string; readOnly: boolean },
  callbacks: SluiceEditorCallbacks,
): SluiceEditor {
  const monaco = setupMonaco();
  // One model per editor: the TypeScript service sees each as its own file.
  const uri = monaco.Uri.parse(`file:///sluice/dataflow-${++modelCount}.ts`);
  const model = monaco.editor.createModel(initial.value, "typescript", uri);
  const editor = monaco.editor.create(container, {
    model,
    readOnly: initial.readOnly,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 2,
    // Suggest and hover widgets must escape panels that clip their overflow.
    fixedOverflowWidgets: true,
  });

  // Keys typed here are the editor's. Page-level handlers must not see them: React Flow listens on
  // the document for Space (pan) and Backspace (delete) and cancels them unless the target is an
  // <input>/<textarea>, which Monaco's EditContext-based input is not. Monaco's own keybindings
  // listen on this container, so they still run.
  const isolateKeys = (event: KeyboardEvent) => event.stopPropagation();
  container.addEventListener("keydown", isolateKeys);

  let applying = false;
  // Values we reported that React has not yet rendered back. A render may lag several keystrokes
  // behind (Chromium's EditContext events are not "discrete" to React); echoing such a stale value
  // into the model would drop what was typed since. Bounded, in case the parent never echoes.
  const unconfirmed: string[] = [];
  const subscriptions = [
    model.onDidChangeContent(() => {
      if (applying) return;
      const value = model.getValue();
      unconfirmed.push(value);
      if (unconfirmed.length > MAX_UNCONFIRMED) unconfirmed.shift();
      callbacks.onChange(value);
    }),
    editor.addAction({
      id: "sluice.run",
      label: "Run dataflow",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => callbacks.onRun(),
    }),
    registerNodeCompletion(monaco, model, callbacks.nodeNames),
    highlightSql(monaco, model),
    completeSql(monaco, model, callbacks.columnsOf),
  ];

  let markersShown: string | undefined;
  return {
    editor,
    setValue(value) {
      if (value === model.getValue()) {
        unconfirmed.length = 0;
        return;
      }
      if (unconfirmed.includes(value)) return;
      unconfirmed.length = 0;
      const selections = editor.getSelections();
      applying = true;
      try {
        // An undoable edit rather than setValue, which would wipe the undo stack.
        model.pushStackElement();
        model.pushEditOperations(selections, [{ range: model.getFullModelRange(), text: value }], () => null);
        model.pushStackElement();
      } finally {
        applying = false;
      }
      // Keep the cursor where it was; Monaco clamps it if the new text is shorter.
      if (selections) editor.setSelections(selections);
    },
    setMarkers(markers) {
      // The same markers on the same text are not set again: every set re-decorates and re-renders
      // the editor's lines and asks the TypeScript worker for code actions, and a run's start and
      // end hand over new but equal arrays (profiled in a 1M-row run: ~100 ms of page work).
      const key = `${model.getVersionId()}\u0000${JSON.stringify(markers)}`;
      if (key === markersShown) return;
      markersShown = key;
      monaco.editor.setModelMarkers(model, MARKER_OWNER, markers.map((m) => toMarkerData(monaco, model, m)));
    },
    setReadOnly(readOnly) {
      editor.updateOptions({ readOnly });
    },
    dispose() {
      container.removeEventListener("keydown", isolateKeys);
      for (const s of subscriptions) s.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}

/** Clamps a marker to the model and, without an end, underlines the word (or the rest of the line). */
function toMarkerData(monaco: Monaco, model: MonacoEditor.ITextModel, marker: EditorMarker): MonacoEditor.IMarkerData {
  const line = Math.min(Math.max(1, marker.line), model.getLineCount());
  const column = Math.min(Math.max(1, marker.column), model.getLineMaxColumn(line));
  const word = model.getWordAtPosition({ lineNumber: line, column });
  const endLineNumber = marker.endLine ?? line;
  const endColumn = marker.endColumn ?? (marker.endLine === undefined && word ? word.endColumn : model.getLineMaxColumn(endLineNumber));
  return {
    startLineNumber: line,
    startColumn: column,
    endLineNumber,
    endColumn: endLineNumber === line && endColumn <= column ? column + 1 : endColumn,
    message: marker.message,
    severity: marker.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    source: "sluice",
  };
}
