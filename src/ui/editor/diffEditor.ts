import { setupMonaco } from "./monacoSetup";

/** The line where a node is defined (`function name(` or `const name =`), 1-based; 1 if not found. */
export function definitionLine(source: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b(function\\s+${escaped}\\s*\\(|(const|let|var)\\s+${escaped}\\s*=)`);
  const index = source.split("\n").findIndex((line) => pattern.test(line));
  return index < 0 ? 1 : index + 1;
}

/** A read-only side-by-side diff of two module texts, scrolled to the node's definition. */
export function createCodeDiff(container: HTMLElement, original: string, modified: string, node: string): { dispose(): void } {
  const monaco = setupMonaco();
  const editor = monaco.editor.createDiffEditor(container, { readOnly: true, originalEditable: false, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false }, stickyScroll: { enabled: false }, scrollBeyondLastLine: false });
  // Plain text, not TypeScript: these models are not files of the project and must raise no diagnostics.
  const models = { original: monaco.editor.createModel(original, "plaintext"), modified: monaco.editor.createModel(modified, "plaintext") };
  editor.setModel(models);
  // Once the diff is computed, show the node's first change (else its definition).
  const start = definitionLine(modified, node);
  editor.getModifiedEditor().revealLineInCenter(start);
  const revealed = editor.onDidUpdateDiff(() => {
    revealed.dispose();
    const changes = editor.getLineChanges() ?? [];
    const first = changes.find((c) => c.modifiedStartLineNumber >= start) ?? changes[0];
    if (first) editor.getModifiedEditor().revealLineInCenter(Math.max(first.modifiedStartLineNumber, 1));
  });
  return {
    dispose() {
      revealed.dispose();
      editor.dispose();
      models.original.dispose();
      models.modified.dispose();
    },
  };
}
