import type { Edge } from "@xyflow/react";
import { useMemo } from "react";
import { analysisStore, selectLastGoodAnalysis } from "../state/analysis";
import type { GraphModel } from "../state/graphModel";
import { requestedOutputs } from "../state/runOptions";
import { selectBehaviors, selectRequested, settingsStore } from "../state/settings";
import { selectSelectedNode, selectionStore } from "../state/selection";
import { useStore } from "../state/store";
import { layoutGraph, pickLayout, shapeKey } from "./layout";
import type { SluiceFlowNode } from "./SluiceNode";

/** The model as React Flow elements; layout is recomputed only when the shape changes. */
export function useFlowElements(model: GraphModel, panel: { width: number; height: number }): { nodes: SluiceFlowNode[]; edges: Edge[]; shape: string } {
  const behaviors = useStore(settingsStore, selectBehaviors);
  const requested = useStore(settingsStore, selectRequested);
  const analysis = useStore(analysisStore, selectLastGoodAnalysis);
  const selectedNode = useStore(selectionStore, selectSelectedNode);
  const shape = shapeKey(model);
  // The shape key stands for the model's structure; statuses alone must not relayout.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layouts = useMemo(() => ({ LR: layoutGraph(model, "LR"), TB: layoutGraph(model, "TB") }), [shape]);
  const { positions, direction } = pickLayout(layouts, panel);
  const willRequest = useMemo(() => new Set(requestedOutputs({ requested }, analysis)), [requested, analysis]);

  const nodes = useMemo(
    () =>
      model.nodes.map((n) => ({
        id: n.name,
        type: "sluice" as const,
        position: positions[n.name] ?? { x: 0, y: 0 },
        selected: n.name === selectedNode,
        data: { ...n, direction, chosenBehavior: behaviors[n.name], willRequest: willRequest.has(n.name) },
      })),
    [model, positions, direction, selectedNode, behaviors, willRequest],
  );

  const edges = useMemo(() => {
    const kinds = new Map(model.nodes.map((n) => [n.name, n]));
    return model.edges.map((e): Edge => {
      const target = kinds.get(e.target);
      const fromInput = kinds.get(e.source)?.kind === "input";
      return {
        id: `${e.source}->${e.target}`,
        source: e.source,
        target: e.target,
        animated: target?.status === "running",
        className: fromInput ? "sl-edge-input" : "sl-edge",
      };
    });
  }, [model]);

  return { nodes, edges, shape: `${direction}|${shape}` };
}
