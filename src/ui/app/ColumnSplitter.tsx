import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import { panelsStore, selectEditorWidth, setEditorWidth } from "../state/panels";
import { useStore } from "../state/store";

const MIN_PX = 300;
const STEP_PX = 32;
/** The graph keeps at least this much of the window. */
const GRAPH_MIN_PX = 360;

function clamp(width: number): number {
  return Math.max(MIN_PX, Math.min(window.innerWidth - GRAPH_MIN_PX, width));
}

/** The bar between the editor and the graph: drag (or ←/→ when focused) to trade their room. */
export function ColumnSplitter({ column }: { column: React.RefObject<HTMLElement | null> }) {
  const drag = useRef<{ startX: number; startWidth: number }>(undefined);
  const width = useStore(panelsStore, selectEditorWidth);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!column.current) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: column.current.getBoundingClientRect().width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setEditorWidth(clamp(drag.current.startWidth + event.clientX - drag.current.startX));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!column.current || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    event.stopPropagation();
    const current = column.current.getBoundingClientRect().width;
    setEditorWidth(clamp(current + (event.key === "ArrowRight" ? STEP_PX : -STEP_PX)));
  };
  return (
    <div
      className="sl-column-splitter"
      data-testid="editor-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the editor"
      aria-valuemin={MIN_PX}
      aria-valuemax={Math.max(MIN_PX, window.innerWidth - GRAPH_MIN_PX)}
      aria-valuenow={Math.round(width ?? column.current?.getBoundingClientRect().width ?? MIN_PX)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onKeyDown={onKeyDown}
    />
  );
}
