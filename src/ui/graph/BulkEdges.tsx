import { useStore as useFlowStore, useStoreApi, ViewportPortal, type Edge, type ReactFlowState } from "@xyflow/react";
import { useMemo } from "react";
import { bulkEdgePaths } from "./bulkEdges";
import type { Direction } from "./layout";

/**
 * Changes whenever a card moves or is measured at another size. Run on every store update (each
 * frame of a pan), so a plain string over the boxes: ~500 numbers, a few microseconds.
 */
function boxesKey(state: ReactFlowState): string {
  let key = "";
  for (const node of state.nodeLookup.values()) {
    const { x, y } = node.internals.positionAbsolute;
    key += `${x},${y},${node.measured.width ?? 0},${node.measured.height ?? 0};`;
  }
  return key;
}

/**
 * A large graph's edges, drawn as one SVG under the cards instead of one React Flow edge each
 * (bulkEdges.ts says why). Edges keep React Flow's look (`react-flow__edge-path`) and the app's
 * classes (dashed from inputs, coloured while running).
 */
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
  return (
    <ViewportPortal>
      <svg className="sl-bulk-edges" data-testid="graph-bulk-edges" data-edges={edges.length} width={1} height={1} aria-hidden="true">
        {paths.map((p) => (
          <g key={p.className} className={p.className}>
            <path className="react-flow__edge-path" d={p.d} />
          </g>
        ))}
      </svg>
    </ViewportPortal>
  );
}
