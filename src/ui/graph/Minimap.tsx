import { Panel, useReactFlow, useStore as useFlowStore, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { boxesKey, measuredBoxes } from "./flowBoxes";
import { centredOn, minimapFrame, toMinimap, visibleBox, type MinimapFrame } from "./minimapGeometry";

const WIDTH = 150;
const HEIGHT = 100;

/** Puts the viewport's rectangle where the pane's view is; a transform, so no layout per frame. */
function placeViewport(el: HTMLElement | null, frame: MinimapFrame | undefined, state: ReactFlowState): void {
  if (!el) return;
  if (!frame || !state.width || !state.height) {
    el.style.visibility = "hidden";
    return;
  }
  const r = toMinimap(frame, visibleBox(state.transform, state.width, state.height));
  const size = `${r.width.toFixed(1)}px`;
  if (el.style.width !== size) el.style.width = size;
  const height = `${r.height.toFixed(1)}px`;
  if (el.style.height !== height) el.style.height = height;
  el.style.transform = `translate(${r.x.toFixed(1)}px, ${r.y.toFixed(1)}px)`;
  el.style.visibility = "";
}

/**
 * An overview of the graph: the cards drawn once into a canvas (again only when one moves or is
 * resized, or the theme changes), the pane's view a rectangle moved with a transform. React Flow's
 * MiniMap was one SVG of 500 rectangles whose frame and mask changed with the viewport, so every
 * frame of a pan repainted all of them: about half of a 500-node pan's long-task time.
 * Drag or click to move the view there; the wheel zooms.
 */
export function Minimap({ theme, onNavigate }: { theme: string; onNavigate: () => void }) {
  const store = useStoreApi();
  const flow = useReactFlow();
  const boxes = useFlowStore(boxesKey);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<HTMLDivElement>(null);
  const frame = useRef<MinimapFrame | undefined>(undefined);

  useEffect(() => {
    const state = store.getState();
    const cards = measuredBoxes(state);
    frame.current = minimapFrame(cards, WIDTH, HEIGHT);
    placeViewport(view.current, frame.current, state);
    const ctx = canvas.current?.getContext("2d");
    if (!canvas.current || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.current.width = Math.round(WIDTH * ratio);
    canvas.current.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    if (!frame.current) return;
    // The canvas's CSS `color` is the theme's minimap card colour (graph.css).
    ctx.fillStyle = getComputedStyle(canvas.current).color;
    for (const card of cards) {
      const b = toMinimap(frame.current, card);
      ctx.fillRect(b.x, b.y, Math.max(b.width, 1), Math.max(b.height, 1));
    }
  }, [store, boxes, theme]);

  useEffect(() => store.subscribe((state) => placeViewport(view.current, frame.current, state)), [store]);

  // The wheel must be able to cancel the page's scroll: a listener that is not passive.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const step = event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002;
      onNavigate();
      void flow.zoomTo(store.getState().transform[2] * Math.pow(2, -event.deltaY * step));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [flow, store, onNavigate]);

  const moveTo = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const f = frame.current;
    if (!f) return;
    const at = event.currentTarget.getBoundingClientRect();
    const state = store.getState();
    onNavigate();
    void flow.setViewport(centredOn(f.x + (event.clientX - at.left) * f.scale, f.y + (event.clientY - at.top) * f.scale, state.transform[2], state.width, state.height));
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap sl-minimap" data-testid="graph-minimap" style={{ width: WIDTH, height: HEIGHT }}>
      <canvas
        ref={canvas}
        role="img"
        aria-label="Minimap of the dataflow"
        style={{ width: WIDTH, height: HEIGHT }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (event.buttons & 1) moveTo(event);
        }}
      />
      <div ref={view} className="sl-minimap-view" />
    </Panel>
  );
}
