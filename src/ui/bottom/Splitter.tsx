import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import { panelsStore, selectBottomHeight, setBottomHeight } from "../state/panels";
import { useStore } from "../state/store";

const MIN_PX = 96;
const STEP_PX = 32;

function clamp(height: number): number {
  return Math.max(MIN_PX, Math.min(window.innerHeight * 0.75, height));
}

/** The bar above the bottom tabs: drag (or ↑/↓ when focused) to trade graph room for logs. */
export function Splitter({ panel }: { panel: React.RefObject<HTMLElement | null> }) {
  const drag = useRef<{ startY: number; startHeight: number }>(undefined);
  const height = useStore(panelsStore, selectBottomHeight);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!panel.current) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startHeight: panel.current.getBoundingClientRect().height };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setBottomHeight(clamp(drag.current.startHeight + drag.current.startY - event.clientY));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!panel.current || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const height = panel.current.getBoundingClientRect().height;
    setBottomHeight(clamp(height + (event.key === "ArrowUp" ? STEP_PX : -STEP_PX)));
  };
  return (
    <div
      className="sl-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the bottom panel"
      aria-valuemin={MIN_PX}
      aria-valuemax={Math.round(window.innerHeight * 0.75)}
      aria-valuenow={Math.round(height ?? panel.current?.getBoundingClientRect().height ?? MIN_PX)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onKeyDown={onKeyDown}
    />
  );
}
