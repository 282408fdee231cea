import type { SluiceError } from "../errors";
import type { RunNodeRecord, RunRecord, SerializedEvent } from "../stores/runRecord";
import type { CachingEvent } from "../types";
import type { Run } from "./run";

/** An event as a run record keeps it (and as the compute realm sends it): plain data. */
export function serializeEvent(event: CachingEvent): SerializedEvent {
  const { runId, actor, eventType, nodeName, msg, value, timestamp } = event;
  const safe = value === undefined || typeof value === "string" || typeof value === "number" ? value : String(value);
  return { runId, actor, eventType, nodeName, msg, value: safe, timestamp };
}

/** Inputs are kept for history when they can be; anything else is kept as its description. */
function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return `<${typeof value}>`;
  }
}

/** The run's events, a parallel run's put in node order (a stable sort keeps each node's own order). */
function inRunOrder(run: Run): Run["events"] {
  const order = run.eventOrder;
  if (!order) return run.events;
  const at = (name: string) => order.get(name) ?? -1;
  return run.events.map((event, i) => ({ event, i })).sort((a, b) => at(a.event.nodeName) - at(b.event.nodeName) || a.i - b.i).map(({ event }) => event);
}

/** A run as history keeps it: every node of the dataflow, including those this run skipped. */
export function toRunRecord(run: Run, meta: { startedAt: number; outputs: readonly string[]; error?: SluiceError; running?: boolean }): RunRecord {
  const { program, behaviors, backend, caching } = run.settings;
  const { flow } = program;
  const nodes: RunNodeRecord[] = [];
  const requested = new Set(meta.outputs);
  for (const input of flow.inputs.values()) {
    const state = run.states.get(input.name);
    nodes.push({ name: input.name, kind: "input", status: state ? state.status : "skipped", behavior: state?.behavior, dataVersion: state?.dataVersion, dependencies: [], requested: requested.has(input.name) });
  }
  for (const node of flow.nodes.values()) {
    const state = run.states.get(node.name);
    nodes.push({
      name: node.name,
      kind: node.kind,
      status: state?.status ?? "skipped",
      behavior: state?.behavior,
      codeVersion: node.codeVersion,
      dataVersion: state?.dataVersion,
      cacheKey: state?.cacheKey,
      durationMs: state?.durationMs,
      sameValue: state?.dataVersion && (state.status === "executed" || state.status === "failed") ? run.lookup.heldBefore(state.dataVersion) : undefined,
      dependencies: node.params.map((p) => p.name),
      requested: requested.has(node.name),
      error: state?.error,
      ...(state?.from && { from: state.from }),
    });
  }
  const status = meta.running ? "running" : meta.error === undefined ? "succeeded" : meta.error.code === "CANCELLED" ? "cancelled" : "failed";
  return {
    runId: run.runId,
    startedAt: meta.startedAt,
    finishedAt: meta.running ? undefined : Date.now(),
    status,
    modules: [...flow.sources],
    inputs: Object.fromEntries(Object.entries(run.options.inputs ?? {}).map(([k, v]) => [k, cloneable(v)])),
    overrides: Object.keys(run.options.overrides ?? {}),
    outputs: [...meta.outputs],
    options: { ...behaviors, caching, backend: backend.kind, path: backend.name },
    ...(run.options.tags && { tags: { ...run.options.tags } }),
    nodes,
    events: inRunOrder(run).map(serializeEvent),
    ...(run.evicted.length > 0 && {
      evicted: { results: run.evicted.reduce((n, e) => n + e.dataVersions.length, 0), bytes: run.evicted.reduce((n, e) => n + e.bytes, 0) },
    }),
    error: meta.error && {
      code: meta.error.code,
      message: meta.error.message,
      node: meta.error.details.node,
      stack: meta.error.details.originalStack,
    },
  };
}
