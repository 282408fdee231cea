import { boundsOf, type Box } from "./bulkEdges";

/**
 * How the whole graph sits in a minimap of `width`×`height` pixels: `scale` flow units per pixel,
 * and the flow point drawn at the minimap's top left. Fixed by the cards alone, not the viewport
 * (React Flow's MiniMap grows its frame to hold the viewport too, so each frame of a pan past the
 * cards rescaled and repainted all 500 of them).
 */
export type MinimapFrame = { scale: number; x: number; y: number };

export function minimapFrame(boxes: readonly Box[], width: number, height: number, padding = 5): MinimapFrame | undefined {
  const bounds = boundsOf(boxes);
  if (!bounds) return undefined;
  const { left, top, right, bottom } = bounds;
  const scale = Math.max((right - left) / (width - 2 * padding), (bottom - top) / (height - 2 * padding), 1e-6);
  // Centred: the spare room on the long side split evenly.
  return { scale, x: (left + right) / 2 - (width / 2) * scale, y: (top + bottom) / 2 - (height / 2) * scale };
}

/** A flow box in minimap pixels. */
export function toMinimap(frame: MinimapFrame, box: Box): Box {
  return { x: (box.x - frame.x) / frame.scale, y: (box.y - frame.y) / frame.scale, width: box.width / frame.scale, height: box.height / frame.scale };
}

/** The part of the flow a pane of `width`×`height` shows under React Flow's transform [x, y, zoom]. */
export function visibleBox([tx, ty, zoom]: readonly [number, number, number], width: number, height: number): Box {
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

/** The viewport (React Flow's x, y) that puts flow point (fx, fy) at the pane's centre. */
export function centredOn(fx: number, fy: number, zoom: number, width: number, height: number): { x: number; y: number; zoom: number } {
  return { x: width / 2 - fx * zoom, y: height / 2 - fy * zoom, zoom };
}
