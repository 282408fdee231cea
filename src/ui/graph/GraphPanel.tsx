import { Background, Controls, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow, useStore as useFlowStore, useStoreApi, type NodeMouseHandler, type ReactFlowState, type Viewport } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { markFirstGraph } from "../app/firstGraph";
import { analysisStore } from "../state/analysis";
import { showTab } from "../state/panels";
import { selectNode } from "../state/selection";
import { useStore } from "../state/store";
import { selectTheme, themeStore } from "../theme/theme";
import "./graph.css";
import "./explain.css";
import { GraphLegend } from "./GraphLegend";
import { BulkEdges } from "./BulkEdges";
import { Minimap } from "./Minimap";
import { CanvasCards } from "./CanvasCards";
import { SluiceNode, type SluiceFlowNode } from "./SluiceNode";
import { useExplaining } from "./useExplaining";
import { LARGE_GRAPH_FROM } from "./layout";
import { useFlowElements } from "./useFlowElements";
import { useGraphModel } from "./useGraphModel";

const NODE_TYPES = { sluice: SluiceNode };
// Hidden nodes too: zoomed out, a large graph's React Flow nodes are all hidden (CanvasCards).
const FIT = { padding: 0.15, maxZoom: 1.1, includeHiddenNodes: true };
const NO_EDGES: never[] = [];
/** Past this many nodes a minimap helps find one's way. */
const MINIMAP_FROM = 30;
/** React Flow's fitView honours minZoom: a 500-node graph needs ~0.1 to fit a laptop's pane. */
const MIN_ZOOM = 0.02;
/**
 * Zoomed out past this, a large graph's card text is too small to read: its cards and edges are
 * drawn on one canvas (CanvasCards), with their name only once it would be legible.
 */
const FAR_ZOOM = 0.4;

function openNode(id: string): void {
  selectNode(id);
  showTab("preview");
}

const onNodeClick: NodeMouseHandler<SluiceFlowNode> = (_event, node) => openNode(node.id);

/**
 * A node as React Flow gets it: hidden while the canvas draws it (CanvasCards), and with the size
 * React Flow measured, which the minimap, the fit and the bulk edges read (a node object without it
 * makes React Flow forget it: crossing the zoom threshold then lost the edges of off-screen cards).
 * Copies are kept per node object and kind, so an unchanged node stays equal and is not adopted again.
 */
const copies = { hidden: new WeakMap<SluiceFlowNode, SluiceFlowNode>(), shown: new WeakMap<SluiceFlowNode, SluiceFlowNode>() };
function forFlow(node: SluiceFlowNode, far: boolean, lookup: ReactFlowState["nodeLookup"]): SluiceFlowNode {
  const measured = node.measured?.width ? node.measured : lookup.get(node.id)?.measured;
  if (!far && measured === node.measured) return node;
  const kept = far ? copies.hidden : copies.shown;
  let copy = kept.get(node);
  if (!copy) kept.set(node, (copy = { ...node, measured, hidden: far }));
  return copy;
}

/** Keyboard: Tab reaches each node (React Flow makes them focusable); Enter or Space opens its details. */
function onNodeKey(event: React.KeyboardEvent<HTMLDivElement>): void {
  if (event.key !== "Enter" && event.key !== " ") return;
  const node = (event.target as HTMLElement).closest<HTMLElement>(".react-flow__node, .sl-card-spot");
  const id = node?.dataset.id;
  if (!id) return;
  event.preventDefault();
  openNode(id);
}

function Graph() {
  useExplaining();
  const model = useGraphModel();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const { nodes, edges, shape, direction } = useFlowElements(model, { width, height });
  const flow = useReactFlow();
  const theme = useStore(themeStore, selectTheme);
  // A boolean, so panning and zooming re-render this only when the threshold is crossed.
  const zoomedOut = useFlowStore((s) => s.transform[2] < FAR_ZOOM);
  const large = nodes.length >= LARGE_GRAPH_FROM;
  const far = zoomedOut && large;
  // Far, the canvas draws every card: React Flow renders none of them (each was a transformed
  // element of its own, re-layerized by Chromium on every frame of a pan).
  const store = useStoreApi();
  const flowNodes = useMemo(() => (large ? nodes.map((n) => forFlow(n, far, store.getState().nodeLookup)) : nodes), [large, far, nodes, store]);

  // The first graph on screen lets the editor load (app/firstGraph.ts): cards measured (React
  // Flow shows them in the next frame), or an analysis that gave nothing to draw.
  const measured = useNodesInitialized();
  const analysed = useStore(analysisStore, (s) => s.analysis !== undefined || s.failure !== undefined);
  useEffect(() => {
    if (analysed && (nodes.length === 0 || measured)) markFirstGraph();
  }, [analysed, measured, nodes.length]);

  // The graph stays framed: after a relayout (a new shape: another example, an added node) and
  // when the pane is resized, unless the user has panned or zoomed since the last new shape.
  const userMoved = useRef(false);
  const moveFrom = useRef<Viewport | undefined>(undefined);
  const onMinimapMove = useCallback(() => (userMoved.current = true), []);
  useEffect(() => {
    userMoved.current = false;
    void flow.fitView(FIT);
  }, [flow, shape]);
  useEffect(() => {
    if (!userMoved.current && width > 0 && height > 0) void flow.fitView(FIT);
  }, [flow, width, height]);

  return (
    <div className="sl-graph" data-mode={model.mode}>
      <GraphLegend mode={model.mode} empty={model.nodes.length === 0} />
      <div className="sl-flow" data-far={far ? "true" : undefined} data-large={large ? "true" : undefined} onKeyDown={onNodeKey}>
        <ReactFlow<SluiceFlowNode>
          nodes={flowNodes}
          // A large graph's edges are drawn in bulk (BulkEdges, or the canvas when far), and only
          // the cards on screen are in the page once zoomed in: a pan then touches tens of cards,
          // not 500. Far, every node is hidden, so none is culled or mounted while panning.
          edges={large ? NO_EDGES : edges}
          onlyRenderVisibleElements={large}
          nodeTypes={NODE_TYPES}
          colorMode={theme}
          onNodeClick={onNodeClick}
          onPaneClick={() => selectNode(undefined)}
          // Only a person's pan or zoom carries an event; fitView's own moves do not. A click on
          // a card starts a "move" too (d3-zoom's mousedown) that moves nothing: not a pan.
          onMoveStart={(event, viewport) => {
            if (event) moveFrom.current = viewport;
          }}
          onMoveEnd={(_, viewport) => {
            const from = moveFrom.current;
            moveFrom.current = undefined;
            if (from && (from.x !== viewport.x || from.y !== viewport.y || from.zoom !== viewport.zoom)) userMoved.current = true;
          }}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={FIT}
          minZoom={MIN_ZOOM}
        >
          <Background gap={18} size={1} />
          <Controls showInteractive={false} fitViewOptions={FIT} onFitView={() => (userMoved.current = false)} />
          {large && !far && <BulkEdges edges={edges} direction={direction} />}
          {far && <CanvasCards nodes={nodes} edges={edges} direction={direction} theme={theme} onOpen={openNode} />}
          {nodes.length > MINIMAP_FROM && <Minimap theme={theme} onNavigate={onMinimapMove} />}
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
