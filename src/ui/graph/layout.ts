import dagre from "@dagrejs/dagre";
import type { GraphModel } from "../state/graphModel";
import { layeredLayout } from "./layered";

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 78;
export const INPUT_HEIGHT = 60;

export type Direction = "LR" | "TB";
export type Positions = Record<string, { x: number; y: number }>;
export interface Layout {
  direction: Direction;
  positions: Positions;
  width: number;
  height: number;
}

type Shape = Pick<GraphModel, "nodes" | "edges">;

/**
 * A key that changes only when the graph's shape does, so statuses never trigger a relayout.
 * Sorted: a run's record lists nodes in definition order, the draft in run order, and the same
 * graph must not be laid out again when the run's answer arrives (a 33 ms long task).
 */
export function shapeKey(model: Shape): string {
  const nodes = model.nodes.map((n) => `${n.name}:${n.kind}`).sort().join(",");
  const edges = model.edges.map((e) => `${e.source}>${e.target}`).sort().join(",");
  return `${nodes}|${edges}`;
}

/** From this many nodes on, dagre is too slow for a first paint (layered.ts says how slow). */
export const LARGE_GRAPH_FROM = 150;

const spacing = (direction: Direction) => ({ nodesep: direction === "LR" ? 24 : 36, ranksep: direction === "LR" ? 60 : 44 });

export function layoutGraph(model: Shape, direction: Direction): Layout {
  return model.nodes.length >= LARGE_GRAPH_FROM ? layoutLarge(model, direction) : layoutDagre(model, direction);
}

function layoutLarge(model: Shape, direction: Direction): Layout {
  const nodes = model.nodes.map((n) => ({ name: n.name, width: NODE_WIDTH, height: n.kind === "input" ? INPUT_HEIGHT : NODE_HEIGHT }));
  const { centres, width, height } = layeredLayout({ nodes, edges: model.edges }, { direction, ...spacing(direction), margin: 16 });
  const positions: Positions = {};
  for (const node of nodes) {
    const { x, y } = centres.get(node.name)!;
    positions[node.name] = { x: x - node.width / 2, y: y - node.height / 2 };
  }
  return { direction, positions, width, height };
}

function layoutDagre(model: Shape, direction: Direction): Layout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: direction, ...spacing(direction), marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of model.nodes) {
    graph.setNode(node.name, { width: NODE_WIDTH, height: node.kind === "input" ? INPUT_HEIGHT : NODE_HEIGHT });
  }
  for (const edge of model.edges) if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const positions: Positions = {};
  for (const node of model.nodes) {
    const { x, y, height } = graph.node(node.name) as { x: number; y: number; height: number };
    // dagre gives centres; React Flow wants top-left corners.
    positions[node.name] = { x: x - NODE_WIDTH / 2, y: y - height / 2 };
  }
  const { width = 0, height = 0 } = graph.graph() as { width?: number; height?: number };
  return { direction, positions, width, height };
}

/** How far the whole graph must be zoomed to fit the panel (React Flow's fitView caps it at 1.1). */
function fitScale(layout: Layout, panel: { width: number; height: number }): number {
  return Math.min(1.1, panel.width / Math.max(layout.width, 1), panel.height / Math.max(layout.height, 1));
}

/**
 * Data flows left to right, as people read; a long chain in a narrow panel flows top to bottom
 * instead when that keeps the nodes clearly bigger on screen.
 */
export function pickLayout(layouts: Record<Direction, Layout>, panel: { width: number; height: number }): Layout {
  if (panel.width <= 0 || panel.height <= 0) return layouts.LR;
  return fitScale(layouts.TB, panel) > fitScale(layouts.LR, panel) * 1.25 ? layouts.TB : layouts.LR;
}
