import { getBezierPath, Position } from "@xyflow/react";
import type { Direction } from "./layout";

/** A card's box in flow coordinates (React Flow's `positionAbsolute` and `measured` size). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box holding every box (left, top, right, bottom), or undefined for none. */
export function boundsOf(boxes: readonly Box[]): { left: number; top: number; right: number; bottom: number } | undefined {
  if (boxes.length === 0) return undefined;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return { left, top, right, bottom };
}

export interface BulkEdge {
  source: string;
  target: string;
  /** The edge's classes (`sl-edge`, `sl-edge-input`, `sl-edge-live`): one path per distinct value. */
  className?: string;
}

/**
 * React Flow's handles are 6 px squares centred on the card's border, and its edges end on the
 * handle's outer side (`getHandlePosition`), so a drawn edge starts and ends 3 px out.
 */
const HANDLE_OUTSET = 3;

const ENDS: Record<Direction, { source: Position; target: Position }> = {
  LR: { source: Position.Right, target: Position.Left },
  TB: { source: Position.Bottom, target: Position.Top },
};

function sourcePoint(box: Box, direction: Direction) {
  return direction === "LR" ? { x: box.x + box.width + HANDLE_OUTSET, y: box.y + box.height / 2 } : { x: box.x + box.width / 2, y: box.y + box.height + HANDLE_OUTSET };
}

function targetPoint(box: Box, direction: Direction) {
  return direction === "LR" ? { x: box.x - HANDLE_OUTSET, y: box.y + box.height / 2 } : { x: box.x + box.width / 2, y: box.y - HANDLE_OUTSET };
}

/**
 * All edges of a large graph as a few SVG paths, one per class, with the curves React Flow's
 * default (bezier) edge would draw. React Flow gives each edge an `<svg>` of its own; 1,120 of
 * them made every frame of a pan re-layerize and hit-test thousands of elements (bench --ui).
 * Edges whose cards have no box yet are left out until they have one.
 */
export function bulkEdgePaths(edges: readonly BulkEdge[], boxOf: (id: string) => Box | undefined, direction: Direction): { className: string; d: string }[] {
  const byClass = new Map<string, string[]>();
  const ends = ENDS[direction];
  for (const edge of edges) {
    const from = boxOf(edge.source);
    const to = boxOf(edge.target);
    if (!from || !to) continue;
    const s = sourcePoint(from, direction);
    const t = targetPoint(to, direction);
    const [d] = getBezierPath({ sourceX: s.x, sourceY: s.y, sourcePosition: ends.source, targetX: t.x, targetY: t.y, targetPosition: ends.target });
    const className = edge.className ?? "";
    let parts = byClass.get(className);
    if (!parts) byClass.set(className, (parts = []));
    parts.push(d);
  }
  return [...byClass].map(([className, parts]) => ({ className, d: parts.join("") }));
}
