import type { ReactFlowState } from "@xyflow/react";
import type { Box } from "./bulkEdges";

/**
 * Changes whenever a card moves or is measured at another size. Run on every store update (each
 * frame of a pan), so a plain string over the boxes: ~500 numbers, a few microseconds.
 */
export function boxesKey(state: ReactFlowState): string {
  let key = "";
  for (const node of state.nodeLookup.values()) {
    const { x, y } = node.internals.positionAbsolute;
    key += `${x},${y},${node.measured.width ?? 0},${node.measured.height ?? 0};`;
  }
  return key;
}

/**
 * Every measured card's box, in flow coordinates. Hidden nodes too: a large graph zoomed out hides
 * them all from React Flow and draws them itself (CanvasCards), and they keep their measured size.
 */
export function measuredBoxes(state: ReactFlowState): Box[] {
  const boxes: Box[] = [];
  for (const node of state.nodeLookup.values()) {
    const { width, height } = node.measured;
    if (!width || !height) continue;
    boxes.push({ ...node.internals.positionAbsolute, width, height });
  }
  return boxes;
}
