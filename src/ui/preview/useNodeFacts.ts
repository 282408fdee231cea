import { useMemo } from "react";
import type { RunNodeRecord } from "../../engine";
import { analysisStore, selectLastGoodAnalysis } from "../state/analysis";
import type { DisplayStatus } from "../state/graphModel";
import { historyStore, selectSelectedDetails } from "../state/history";
import { runStore, selectIsLive, selectProgress } from "../state/run";
import { selectSelectedNode, selectionStore } from "../state/selection";
import { useStore } from "../state/store";

/** Everything the preview says about the selected node, from wherever the graph took it. */
export interface NodeFacts extends Pick<RunNodeRecord, "name" | "behavior" | "codeVersion" | "dataVersion" | "cacheKey" | "durationMs" | "dependencies" | "error"> {
  kind: string;
  source: "run" | "live" | "draft";
  runId?: string;
  status?: DisplayStatus;
  /** For inputs: the value the run was given (inputs are not in the result store). */
  inputValue?: { value: unknown };
}

export function useNodeFacts(): NodeFacts | undefined {
  const name = useStore(selectionStore, selectSelectedNode);
  const live = useStore(runStore, selectIsLive);
  const progress = useStore(runStore, selectProgress);
  const selected = useStore(historyStore, selectSelectedDetails);
  const analysis = useStore(analysisStore, selectLastGoodAnalysis);

  return useMemo((): NodeFacts | undefined => {
    if (name === undefined) return undefined;
    const info = analysis?.nodes.find((n) => n.name === name);
    const input = analysis?.inputs.find((i) => i.name === name);
    if (live) {
      const p = progress[name];
      if (!info && !input) return undefined;
      return { name, kind: info?.kind ?? "input", source: "live", status: p?.status, dataVersion: p?.dataVersion, durationMs: p?.durationMs, error: p?.error, codeVersion: info?.codeVersion, dependencies: info?.dependencies ?? [] };
    }
    if (selected) {
      const { record } = selected;
      const node = record.nodes.find((n) => n.name === name);
      if (!node) return undefined;
      const inputValue = node.kind === "input" && name in record.inputs ? { value: record.inputs[name] } : undefined;
      return { ...node, source: "run", runId: record.runId, dependencies: node.dependencies, inputValue };
    }
    if (info) return { name, kind: info.kind, source: "draft", behavior: info.behavior, codeVersion: info.codeVersion, dependencies: [...info.dependencies, ...info.inputs] };
    if (input) return { name, kind: "input", source: "draft", dependencies: [] };
    return undefined;
  }, [name, live, progress, selected, analysis]);
}
