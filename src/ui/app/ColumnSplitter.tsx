import { PaneSplitter } from "../common/PaneSplitter";
import { panelsStore, selectEditorWidth, setEditorWidth } from "../state/panels";
import { useStore } from "../state/store";

/** The graph keeps at least this much of the window. */
const GRAPH_MIN_PX = 360;
const EDITOR_MIN_PX = 300;

/** The bar between the editor and the graph: drag (or ←/→ when focused) to trade their room. */
export function ColumnSplitter({ column }: { column: React.RefObject<HTMLElement | null> }) {
  const width = useStore(panelsStore, selectEditorWidth);
  return (
    <PaneSplitter
      pane={column}
      axis="columns"
      size={width}
      min={EDITOR_MIN_PX}
      max={() => Math.max(EDITOR_MIN_PX, window.innerWidth - GRAPH_MIN_PX)}
      onSize={setEditorWidth}
      label="Resize the editor"
      className="sl-column-splitter"
      testId="editor-splitter"
    />
  );
}
