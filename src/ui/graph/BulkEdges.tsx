import { useStore as useFlowStore, useStoreApi, type Edge, type ReactFlowState } from "@xyflow/react";
import { useMemo } from "react";
import { createPortal } from "react-dom";
import { bulkEdgePaths } from "./bulkEdges";
import { boxesKey } from "./flowBoxes";
import type { Direction } from "./layout";

/**
 * A large graph's edges, drawn as one SVG under the cards instead of one React Flow edge each
 * (bulkEdges.ts says why). Edges keep React Flow's look (`react-flow__edge-path`) and the app's
 * classes (dashed from inputs, coloured while running).
 */
const selectDomNode = (s: ReactFlowState) => s.domNode;

export function BulkEdges({ edges, direction }: { edges: readonly Edge[]; direction: Direction }) {
  const flow = useStoreApi();
  const key = useFlowStore(boxesKey);
  const paths = useMemo(() => {
    const lookup = flow.getState().nodeLookup;
    return bulkEdgePaths(
      edges.map((e) => ({ source: e.source, target: e.target, className: e.className })),
      (id) => {
        const node = lookup.get(id);
        if (!node?.measured.width || !node.measured.height) return undefined;
        return { ...node.internals.positionAbsolute, width: node.measured.width, height: node.measured.height };
      },
      direction,
    );
    // `key` stands for the boxes read from the store.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flow, edges, direction, key]);
  // React Flow's ViewportPortal looks its target up with querySelector on every store update (each
  // frame of a pan: ~3 ms over 2,500 elements); the element is there for the flow's lifetime.
  const domNode = useFlowStore(selectDomNode);
  const portal = useMemo(() => domNode?.querySelector(".react-flow__viewport-portal"), [domNode]);
  if (!portal) return null;
  return createPortal(
      <svg className="sl-bulk-edges" data-testid="graph-bulk-edges" data-edges={edges.length} width={1} height={1} aria-hidden="true">
        {paths.map((p) => (
          <g key={p.className} className={p.className}>
            <path className="react-flow__edge-path" d={p.d} />
          </g>
        ))}
      </svg>,
    portal,
  );
}
