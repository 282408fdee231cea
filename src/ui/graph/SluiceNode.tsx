import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { CachingBehavior } from "../../engine/types";
import type { GraphNodeModel } from "../state/graphModel";
import type { Direction } from "./layout";
import { ExplainBadge } from "./ExplainBadge";
import { NodeControls } from "./NodeControls";
import { formatDuration, statusLook } from "../common/status";

export type SluiceNodeData = GraphNodeModel & {
  direction: Direction;
  chosenBehavior: CachingBehavior | undefined;
  willRequest: boolean;
};
export type SluiceFlowNode = Node<SluiceNodeData, "sluice">;

const KIND_LABEL: Record<SluiceNodeData["kind"], string | undefined> = {
  function: undefined,
  input: "input",
  loader: "loader",
  "loader-data": "data",
  saver: "saver",
};

/**
 * What a card says about its node to tests and tools (SPEC.md §9, §11), the same on the DOM card
 * and on a canvas-drawn card's light element (CanvasCards).
 */
export function cardAttributes(data: SluiceNodeData, selected: boolean) {
  return {
    "data-testid": `graph-node-${data.name}`,
    "data-status": data.status,
    "data-last-status": data.lastStatus,
    "data-requested": data.requested ? "true" : undefined,
    "data-reason": data.reason,
    "data-plan": data.plan,
    "data-cause": data.cause ? "true" : undefined,
    "data-from": data.from?.startsWith("published:") ? "published" : undefined,
    "data-selected": selected ? "true" : undefined,
    title: data.error,
  };
}

/** One node card: name, status (symbol + words + colour), duration, behaviour and choices. */
export function SluiceNode({ data, selected }: NodeProps<SluiceFlowNode>) {
  const look = data.status ? statusLook(data.status) : undefined;
  const kind = KIND_LABEL[data.kind];
  const duration = formatDuration(data.durationMs);
  const classes = ["sl-node", `sl-kind-${data.kind}`, data.status ? `sl-status-${data.status}` : "sl-status-none"];
  if (data.requested) classes.push("sl-requested");
  if (selected) classes.push("sl-selected");
  if (data.cause) classes.push("sl-cause");
  const attributes = { className: classes.join(" "), ...cardAttributes(data, !!selected) };
  const target = <Handle type="target" position={data.direction === "LR" ? Position.Left : Position.Top} isConnectable={false} />;
  const source = <Handle type="source" position={data.direction === "LR" ? Position.Right : Position.Bottom} isConnectable={false} />;
  return (
    <div {...attributes}>
      {target}
      <div className="sl-node-head">
        {kind && <span className="sl-node-kind">{kind}</span>}
        <span className="sl-node-name">{data.name}</span>
        {data.requested && (
          <span className="sl-node-star" title="Requested output">
            ★
          </span>
        )}
      </div>
      <div className="sl-node-status">
        {look ? (
          <span className="sl-status-text">
            <span aria-hidden="true">{look.icon}</span> {look.label}
          </span>
        ) : (
          <span className={`sl-status-text ${data.lastStatus ? `sl-last-${data.lastStatus}` : "sl-muted"}`} title="What the latest run did">
            {data.lastStatus ? `last run: ${statusLook(data.lastStatus).label}` : "not run yet"}
          </span>
        )}
        {data.edited && <span className="sl-node-edited" title="Code changed since the last run">edited</span>}
        {duration && <span className="sl-node-duration">{duration}</span>}
        {data.behavior && data.behavior !== "default" && <span className="sl-node-behavior">{data.behavior}</span>}
      </div>
      <div className="sl-node-explain">
        <ExplainBadge data={data} />
      </div>
      <NodeControls name={data.name} isInput={data.kind === "input"} chosenBehavior={data.chosenBehavior} willRequest={data.willRequest} />
      {source}
    </div>
  );
}
