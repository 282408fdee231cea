import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from "react";
import { afterFirstGraph } from "../app/firstGraph";
import type { SluiceEditor } from "./sluiceEditor";
import type { CodeEditorProps } from "./types";

export type { CodeEditorProps, EditorMarker } from "./types";
export { markersFromError, nodeLine, type ErrorLike } from "./markers";

/** The longest Monaco waits for the first graph before loading anyway. */
const EDITOR_WAITS_MS = 3000;

const FILL: CSSProperties = { position: "absolute", inset: 0 };
const FALLBACK: CSSProperties = {
  ...FILL,
  width: "100%",
  height: "100%",
  boxSizing: "border-box",
  margin: 0,
  padding: "4px 8px",
  border: "none",
  resize: "none",
  fontFamily: "ui-monospace, Menlo, Consolas, monospace",
  fontSize: 13,
  tabSize: 2,
};

/**
 * The dataflow editor: Monaco with TypeScript, `arquero` and `sluice` types, node-name completion
 * in parameter lists, `markers` underlined and Ctrl/Cmd+Enter to run. Monaco loads lazily; until
 * then (or if it cannot load) a plain textarea with the same contract stands in.
 */
export function CodeEditor({ value, onChange, onRun, markers, nodeNames, columnsOf, readOnly = false }: CodeEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const [instance, setInstance] = useState<SluiceEditor | null>(null);
  // Monaco's listeners outlive renders; they read the latest props through this ref.
  const latest = useRef({ value, onChange, onRun, nodeNames, columnsOf, readOnly });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onRun, nodeNames, columnsOf, readOnly };
  });

  useEffect(() => {
    let cancelled = false;
    let created: SluiceEditor | undefined;
    // Fetched and evaluated at once, while the page waits for the engine worker's first analysis;
    // the editor is created (a 0.6-1 s task) after the first graph (app/firstGraph.ts). The
    // textarea below stands in until then.
    Promise.all([import("./sluiceEditor"), afterFirstGraph(EDITOR_WAITS_MS)])
      .then(([loaded]) => {
        if (!loaded || cancelled || !container.current) return;
        const props = latest.current;
        created = loaded.createSluiceEditor(container.current, props, {
          onChange: (v) => latest.current.onChange(v),
          onRun: () => latest.current.onRun(),
          nodeNames: () => latest.current.nodeNames,
          columnsOf: (node) => latest.current.columnsOf?.(node) ?? Promise.resolve([]),
        });
        setInstance(created);
      })
      // The textarea keeps working; the user loses only highlighting and completion.
      .catch((error: unknown) => console.error("Monaco failed to load; using the plain editor", error));
    return () => {
      cancelled = true;
      created?.dispose();
      setInstance(null);
    };
  }, []);

  useEffect(() => instance?.setValue(value), [instance, value]);
  useEffect(() => instance?.setMarkers(markers), [instance, markers]);
  useEffect(() => instance?.setReadOnly(readOnly), [instance, readOnly]);

  return (
    <div style={{ position: "relative", width: "100%", height: "100%", minHeight: 200 }}>
      <div ref={container} style={FILL} data-testid={instance ? "editor" : undefined} data-ready={instance ? "true" : "false"} />
      {!instance && (
        <textarea
          data-testid="editor-fallback"
          aria-label="Dataflow code"
          style={FALLBACK}
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onRun();
            }
          }}
        />
      )}
    </div>
  );
}
