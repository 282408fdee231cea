import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, useStore as useFlowStore, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect } from "react";
import { showTab } from "../state/panels";
import { selectNode } from "../state/selection";
import { useStore } from "../state/store";
import { selectTheme, themeStore } from "../theme/theme";
import "./graph.css";
import "./explain.css";
import { GraphLegend } from "./GraphLegend";
import { SluiceNode, type SluiceFlowNode } from "./SluiceNode";
import { useExplaining } from "./useExplaining";
import { useFlowElements } from "./useFlowElements";
import { useGraphModel } from "./useGraphModel";

const NODE_TYPES = { sluice: SluiceNode };

const onNodeClick: NodeMouseHandler<SluiceFlowNode> = (_event, node) => {
  selectNode(node.id);
  showTab("preview");
};

function Graph() {
  useExplaining();
  const model = useGraphModel();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const { nodes, edges, shape } = useFlowElements(model, { width, height });
  const flow = useReactFlow();
  const theme = useStore(themeStore, selectTheme);

  // A new shape (another example, an added node) is framed again; status updates are not.
  useEffect(() => {
    void flow.fitView({ padding: 0.15, maxZoom: 1.1 });
  }, [flow, shape]);

  return (
    <div className="sl-graph" data-mode={model.mode}>
      <GraphLegend mode={model.mode} empty={model.nodes.length === 0} />
      <div className="sl-flow">
        <ReactFlow<SluiceFlowNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          colorMode={theme}
          onNodeClick={onNodeClick}
          onPaneClick={() => selectNode(undefined)}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
          minZoom={0.2}
        >
          <Background gap={18} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </div>
  );
}

/** The dataflow as a graph: inputs, nodes, requested outputs, and what the shown run did. */
export function GraphPanel() {
  return (
    <ReactFlowProvider>
      <Graph />
    </ReactFlowProvider>
  );
}
