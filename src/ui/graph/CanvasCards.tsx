import { useStore as useFlowStore, type Edge, type ReactFlowState } from "@xyflow/react";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { bulkEdgePaths, type Box } from "./bulkEdges";
import { BAR_WIDTH, canvasFrame, canvasZoomKey, cardLook, fitLabel, LABEL_PADDING, LABEL_SIZE, RING_WIDTH, type CanvasFrame, type CardLook } from "./canvasCards";
import { INPUT_HEIGHT, NODE_HEIGHT, NODE_WIDTH, type Direction } from "./layout";
import { cardAttributes, type SluiceFlowNode } from "./SluiceNode";

/**
 * A large graph zoomed out past the point where a card's text can be read: every card and edge
 * drawn on ONE canvas placed in the viewport, so a pan moves one element instead of 500 cards.
 * Each card had its own transform, so its own paint chunk, and Chromium re-layerized all of them
 * on every frame of a pan (~8 ms a frame, the long tasks left in bench --ui).
 *
 * The canvas is redrawn only when a card's status or box, the theme, or the zoom's resolution
 * step changes (canvasCards.ts), never while panning. Above it, each card keeps a light element
 * (no paint, no transform of its own): the place a click or a key lands, and the SPEC's
 * `graph-node-<name>` with its data attributes. Clicks are hit-tested by the browser on those
 * boxes, so a test or a person clicking a card selects it as before.
 */

type Colours = (name: string) => string;

const selectDomNode = (s: ReactFlowState) => s.domNode;
/** How long the zoom must rest before the canvas is redrawn at its resolution. */
const ZOOM_SETTLE_MS = 250;
const ratio = () => window.devicePixelRatio || 1;

interface Card {
  node: SluiceFlowNode;
  box: Box;
  look: CardLook;
}

/** The box the layout gave the card (layout.ts), as the far DOM cards had: the drawing needs no measuring. */
const boxOf = (node: SluiceFlowNode): Box => ({ ...node.position, width: NODE_WIDTH, height: node.data.kind === "input" ? INPUT_HEIGHT : NODE_HEIGHT });

/** The theme's colours (theme.css, React Flow's edge colour), read once per draw from the canvas. */
function themeColours(el: Element): Colours {
  const style = getComputedStyle(el);
  const cache = new Map<string, string>();
  return (name) => {
    let value = cache.get(name);
    if (value === undefined) cache.set(name, (value = style.getPropertyValue(name).trim() || "transparent"));
    return value;
  };
}

function drawEdges(ctx: CanvasRenderingContext2D, paths: { className: string; d: string }[], colours: Colours, pixel: number): void {
  const edge = colours("--xy-edge-stroke") !== "transparent" ? colours("--xy-edge-stroke") : colours("--xy-edge-stroke-default");
  for (const { className, d } of paths) {
    const live = className.includes("sl-edge-live");
    ctx.strokeStyle = live ? colours("--st-running") : edge;
    // Never thinner than half a screen pixel: React Flow's 1-unit stroke would all but vanish at 0.1.
    ctx.lineWidth = Math.max(live ? 2 : 1, pixel / 2);
    ctx.setLineDash(className.includes("sl-edge-input") ? [4, 3] : []);
    ctx.stroke(new Path2D(d));
  }
  ctx.setLineDash([]);
}

/** Paths by colour: a few fills for 500 cards, not ~2,000 draw calls (a redraw took 60-380 ms so). */
class Batches {
  readonly paths = new Map<string, Path2D>();
  add(colour: string, x: number, y: number, width: number, height: number, radius: number | number[]): void {
    let path = this.paths.get(colour);
    if (!path) this.paths.set(colour, (path = new Path2D()));
    if (radius) path.roundRect(x, y, width, height, radius);
    else path.rect(x, y, width, height);
  }
}

/**
 * Every card as its far DOM card looked: the selection ring, the border, the fill, a dashed border
 * for inputs and skipped cards, and the status bar over the left border.
 */
function drawCards(ctx: CanvasRenderingContext2D, cards: Card[], colours: Colours, pixel: number): void {
  const rings = new Batches();
  const borders = new Batches();
  const fills = new Batches();
  const dashed = new Batches();
  const bars = new Batches();
  for (const { box, look } of cards) {
    const { x, y, width, height } = box;
    // A corner under a pixel is not worth a curve.
    const r = look.radius >= pixel ? look.radius : 0;
    const border = Math.max(look.borderWidth, pixel);
    if (look.ring) rings.add(look.ring, x - RING_WIDTH, y - RING_WIDTH, width + 2 * RING_WIDTH, height + 2 * RING_WIDTH, r && r + RING_WIDTH);
    if (look.dashed) {
      fills.add(look.fill, x, y, width, height, r);
      dashed.add("--border-strong", x + border / 2, y + border / 2, width - border, height - border, r);
    } else {
      borders.add("--border-strong", x, y, width, height, r);
      fills.add(look.fill, x + border, y + border, width - 2 * border, height - 2 * border, r && Math.max(r - border, 0));
    }
    bars.add(look.bar, x, y, BAR_WIDTH, height, r && [r, 0, 0, r]);
  }
  const fill = (batches: Batches) => {
    for (const [colour, path] of batches.paths) {
      ctx.fillStyle = colours(colour);
      ctx.fill(path);
    }
  };
  fill(rings);
  fill(borders);
  fill(fills);
  for (const [colour, path] of dashed.paths) {
    ctx.strokeStyle = colours(colour);
    ctx.lineWidth = Math.max(1, pixel);
    ctx.setLineDash([6, 4]);
    ctx.stroke(path);
    ctx.setLineDash([]);
  }
  fill(bars);
}

function drawNames(ctx: CanvasRenderingContext2D, cards: Card[], colours: Colours): void {
  ctx.font = `600 ${LABEL_SIZE}px ${colours("--mono") === "transparent" ? "monospace" : colours("--mono")}`;
  ctx.fillStyle = colours("--text");
  ctx.textBaseline = "middle";
  const widths = new Map<string, number>();
  const widthOf = (text: string) => {
    let w = widths.get(text);
    if (w === undefined) widths.set(text, (w = ctx.measureText(text).width));
    return w;
  };
  for (const { node, box } of cards) {
    const room = box.width - BAR_WIDTH - LABEL_PADDING.left - LABEL_PADDING.right;
    const label = fitLabel(node.data.name, room, widthOf);
    if (label) ctx.fillText(label, box.x + BAR_WIDTH + LABEL_PADDING.left, box.y + box.height / 2);
  }
}

/** Draws the whole layer; timed as `sluice:canvas-draw` for the benchmark and the tests. */
function draw(el: HTMLCanvasElement, frame: CanvasFrame, cards: Card[], paths: { className: string; d: string }[], names: boolean): void {
  const start = performance.now();
  drawLayer(el, frame, cards, paths, names);
  performance.measure("sluice:canvas-draw", { start, detail: { cards: cards.length, pixels: frame.pixelWidth * frame.pixelHeight, names } });
}

function drawLayer(el: HTMLCanvasElement, frame: CanvasFrame, cards: Card[], paths: { className: string; d: string }[], names: boolean): void {
  if (el.width !== frame.pixelWidth) el.width = frame.pixelWidth;
  if (el.height !== frame.pixelHeight) el.height = frame.pixelHeight;
  const ctx = el.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, el.width, el.height);
  // Flow coordinates from here on.
  ctx.setTransform(frame.scale, 0, 0, frame.scale, -frame.x * frame.scale, -frame.y * frame.scale);
  const pixel = 1 / frame.scale;
  const colours = themeColours(el);
  drawEdges(ctx, paths, colours, pixel);
  drawCards(ctx, cards, colours, pixel);
  if (names) drawNames(ctx, cards, colours);
}

/** A card's place in the page: nothing painted, the SPEC's test id and data, a click or key target. */
const CardSpot = memo(function CardSpot({ node, x, y, width, height }: { node: SluiceFlowNode; x: number; y: number; width: number; height: number }) {
  return (
    <div
      className="sl-card-spot"
      data-id={node.id}
      {...cardAttributes(node.data, !!node.selected)}
      data-far="true"
      role="button"
      tabIndex={0}
      aria-label={node.data.name}
      style={{ left: x, top: y, width, height }}
    />
  );
});

export function CanvasCards({ nodes, edges, direction, theme, onOpen }: { nodes: readonly SluiceFlowNode[]; edges: readonly Edge[]; direction: Direction; theme: string; onOpen: (id: string) => void }) {
  // A string: a pan or a zoom within one resolution step renders nothing.
  const zoomKey = useFlowStore((s) => canvasZoomKey(s.transform[2], ratio()));
  // Redrawn at a new resolution only once the zoom has settled: a redraw that resizes the canvas
  // took 100-400 ms of a loaded machine's main thread (the new bitmap's allocation most of it),
  // and a wheel zoom crosses a step every few notches. Meanwhile the viewport scales the old one.
  const [drawnKey, setDrawnKey] = useState(zoomKey);
  useEffect(() => {
    if (zoomKey === drawnKey) return;
    const timer = setTimeout(() => setDrawnKey(zoomKey), ZOOM_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [zoomKey, drawnKey]);
  const domNode = useFlowStore(selectDomNode);
  const portal = useMemo(() => domNode?.querySelector(".react-flow__viewport-portal"), [domNode]);
  const canvas = useRef<HTMLCanvasElement>(null);

  const cards = useMemo(
    () =>
      nodes.map((node): Card => {
        const { kind, status, requested } = node.data;
        return { node, box: boxOf(node), look: cardLook({ kind, status, requested, selected: !!node.selected }) };
      }),
    [nodes],
  );
  const paths = useMemo(() => {
    const boxes = new Map(cards.map((c) => [c.node.id, c.box]));
    return bulkEdgePaths(
      edges.map((e) => ({ source: e.source, target: e.target, className: e.className })),
      (id) => boxes.get(id),
      direction,
    );
  }, [cards, edges, direction]);
  const [step, names] = drawnKey.split("|");
  const frame = useMemo(() => canvasFrame(cards.map((c) => c.box), Number(step)), [cards, step]);

  useLayoutEffect(() => {
    if (canvas.current && frame) draw(canvas.current, frame, cards, paths, names === "names");
    // The theme changes the colours the canvas reads from its computed style.
  }, [frame, cards, paths, names, theme]);

  if (!portal) return null;
  return createPortal(
    <div
      className="sl-canvas-layer"
      onClick={(event) => {
        const id = (event.target as HTMLElement).closest<HTMLElement>(".sl-card-spot")?.dataset.id;
        if (id) onOpen(id);
      }}
    >
      {frame && (
        <canvas
          ref={canvas}
          data-testid="graph-canvas"
          data-cards={cards.length}
          data-edges={edges.length}
          aria-hidden="true"
          style={{ left: frame.x, top: frame.y, width: frame.width, height: frame.height }}
        />
      )}
      {cards.map(({ node, box }) => (
        <CardSpot key={node.id} node={node} x={box.x} y={box.y} width={box.width} height={box.height} />
      ))}
    </div>,
    portal,
  );
}
