import { useStoreApi, type Edge } from "@xyflow/react";
import { useMemo } from "react";
import { analysisStore, selectLastGoodAnalysis } from "../state/analysis";
import type { GraphModel } from "../state/graphModel";
import { requestedOutputs } from "../state/runOptions";
import { selectBehaviors, selectRequested, settingsStore } from "../state/settings";
import { selectSelectedNode, selectionStore } from "../state/selection";
import { useStore } from "../state/store";
import { layoutGraph, pickLayout, shapeKey, type Direction } from "./layout";
import type { SluiceFlowNode } from "./SluiceNode";

/** The page's trace of every layout (`sluice:layout`): the benchmark and the e2e tests read it. */
function timedLayouts(model: GraphModel) {
  const start = performance.now();
  const layouts = { LR: layoutGraph(model, "LR"), TB: layoutGraph(model, "TB") };
  performance.measure("sluice:layout", { start, detail: { nodes: model.nodes.length } });
  return layouts;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/**
 * The previous element wherever nothing in it changed. React Flow re-renders only the nodes and
 * edges whose objects are new, so a progress update re-renders the few cards it touched, not
 * all 500 of a large graph.
 */
function reuse<T extends { id: string }>(previous: Map<string, T>, next: T[], same: (a: T, b: T) => boolean): T[] {
  const kept = next.map((item) => {
    const old = previous.get(item.id);
    return old && same(old, item) ? old : item;
  });
  previous.clear();
  for (const item of kept) previous.set(item.id, item);
  return kept;
}

/** Per graph (keyed by its React Flow store): the elements last handed to React Flow. */
const lastElements = new WeakMap<object, { nodes: Map<string, SluiceFlowNode>; edges: Map<string, Edge> }>();
function lastElementsOf(flow: object) {
  let last = lastElements.get(flow);
  if (!last) lastElements.set(flow, (last = { nodes: new Map(), edges: new Map() }));
  return last;
}

/** The model as React Flow elements; layout is recomputed only when the shape changes. */
export function useFlowElements(model: GraphModel, panel: { width: number; height: number }): { nodes: SluiceFlowNode[]; edges: Edge[]; shape: string; direction: Direction } {
  const behaviors = useStore(settingsStore, selectBehaviors);
  const requested = useStore(settingsStore, selectRequested);
  const analysis = useStore(analysisStore, selectLastGoodAnalysis);
  const selectedNode = useStore(selectionStore, selectSelectedNode);
  const shape = shapeKey(model);
  // The shape key stands for the model's structure; statuses alone must not relayout.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layouts = useMemo(() => timedLayouts(model), [shape]);
  const { positions, direction } = pickLayout(layouts, panel);
  const willRequest = useMemo(() => new Set(requestedOutputs({ requested }, analysis)), [requested, analysis]);
  const flow = useStoreApi();

  const nodes = useMemo(
    () =>
      reuse(
        lastElementsOf(flow).nodes,
        model.nodes.map((n): SluiceFlowNode => ({
          id: n.name,
          type: "sluice" as const,
          position: positions[n.name] ?? { x: 0, y: 0 },
          selected: n.name === selectedNode,
          // A node object without `measured` makes React Flow forget its size and handles: it hides
          // and re-measures every node and remounts every edge on each status update (bench --ui).
          // Its ResizeObserver still catches a node whose content changes size.
          measured: flow.getState().nodeLookup.get(n.name)?.measured,
          data: { ...n, direction, chosenBehavior: behaviors[n.name], willRequest: willRequest.has(n.name) },
        })),
        (a, b) => a.position === b.position && a.selected === b.selected && sameData(a.data, b.data),
      ),
    [model, positions, direction, selectedNode, behaviors, willRequest, flow],
  );

  const edges = useMemo(() => {
    const kinds = new Map(model.nodes.map((n) => [n.name, n]));
    const next = model.edges.map((e): Edge => {
      const target = kinds.get(e.target);
      const fromInput = kinds.get(e.source)?.kind === "input";
      return {
        id: `${e.source}->${e.target}`,
        source: e.source,
        target: e.target,
        // Not React Flow's `animated`: its dash animation is not composited, so it restyles and
        // repaints the graph on the main thread every frame of a long run (bench --ui: 50–85 ms tasks).
        className: `${fromInput ? "sl-edge-input" : "sl-edge"}${target?.status === "running" ? " sl-edge-live" : ""}`,
      };
    });
    return reuse(lastElementsOf(flow).edges, next, (a, b) => a.source === b.source && a.target === b.target && a.className === b.className);
  }, [model, flow]);

  return { nodes, edges, shape: `${direction}|${shape}`, direction };
}
