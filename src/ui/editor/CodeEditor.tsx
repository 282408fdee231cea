import type { CodeEditorProps } from "./types";

export type { CodeEditorProps, EditorMarker } from "./types";

/** Placeholder until Monaco is wired in: a plain textarea with the same contract. */
export function CodeEditor({ value, onChange, onRun, readOnly }: CodeEditorProps) {
  return (
    <textarea
      data-testid="editor-fallback"
      value={value}
      readOnly={readOnly}
      spellCheck={false}
      style={{ width: "100%", height: "100%", fontFamily: "monospace" }}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onRun();
        }
      }}
    />
  );
}
