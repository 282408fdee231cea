import { useRef, type KeyboardEvent, type PointerEvent } from "react";

const STEP_PX = 32;

interface Props {
  /** The pane this bar sizes. */
  pane: React.RefObject<HTMLElement | null>;
  /** "rows": a horizontal bar above the pane (↑/↓); "columns": a vertical bar after it (←/→). */
  axis: "rows" | "columns";
  /** The pane's chosen size, if any (for assistive technology). */
  size: number | undefined;
  min: number;
  /** The largest size allowed now (it follows the window). */
  max: () => number;
  onSize: (px: number) => void;
  label: string;
  className: string;
  testId?: string;
}

/**
 * A bar that resizes a pane: drag it, or focus it and use the arrow keys. The bottom panel grows
 * as the bar moves up; the editor column as it moves right.
 */
export function PaneSplitter({ pane, axis, size, min, max, onSize, label, className, testId }: Props) {
  const drag = useRef<{ start: number; startSize: number }>(undefined);
  const rows = axis === "rows";
  const measure = () => {
    const box = pane.current!.getBoundingClientRect();
    return rows ? box.height : box.width;
  };
  const clamp = (px: number) => Math.max(min, Math.min(max(), px));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!pane.current) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: rows ? event.clientY : event.clientX, startSize: measure() };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const moved = (rows ? event.clientY : event.clientX) - drag.current.start;
    onSize(clamp(drag.current.startSize + (rows ? -moved : moved)));
  };
  const [grow, shrink] = rows ? ["ArrowUp", "ArrowDown"] : ["ArrowRight", "ArrowLeft"];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!pane.current || (event.key !== grow && event.key !== shrink)) return;
    event.preventDefault();
    // ←/→ also step through run history (useShortcuts): not while this bar has them.
    event.stopPropagation();
    onSize(clamp(measure() + (event.key === grow ? STEP_PX : -STEP_PX)));
  };
  return (
    <div
      className={className}
      data-testid={testId}
      role="separator"
      aria-orientation={rows ? "horizontal" : "vertical"}
      aria-label={label}
      aria-valuemin={min}
      aria-valuemax={Math.round(max())}
      aria-valuenow={Math.round(size ?? (pane.current ? measure() : min))}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onKeyDown={onKeyDown}
    />
  );
}
