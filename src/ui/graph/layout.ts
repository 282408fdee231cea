import dagre from "@dagrejs/dagre";
import type { GraphModel } from "../state/graphModel";

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 78;
export const INPUT_HEIGHT = 52;

export type Positions = Record<string, { x: number; y: number }>;

/** A key that changes only when the graph's shape does, so statuses never trigger a relayout. */
export function shapeKey(model: Pick<GraphModel, "nodes" | "edges">): string {
  const nodes = model.nodes.map((n) => `${n.name}:${n.kind}`).join(",");
  const edges = model.edges.map((e) => `${e.source}>${e.target}`).join(",");
  return `${nodes}|${edges}`;
}

/** Left to right, inputs first: data flows the way people read. */
export function layoutGraph(model: Pick<GraphModel, "nodes" | "edges">): Positions {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 28, ranksep: 70, marginx: 16, marginy: 16 });
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
  return positions;
}
