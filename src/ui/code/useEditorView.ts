import { useMemo } from "react";
import type { EditorMarker } from "../editor/types";
import type { WireError } from "../../worker/protocol";
import { analysisStore, selectAnalysis, selectLastGoodAnalysis } from "../state/analysis";
import { documentStore, selectSource } from "../state/document";
import { historyStore, selectRuns, selectSelectedDetails } from "../state/history";
import { liveStore, selectLiveSqlProblem } from "../state/live";
import { analysisMarkers, markersFor } from "../state/markers";
import { runStore, selectRunError } from "../state/run";
import { useStore } from "../state/store";

export interface EditorView {
  value: string;
  readOnly: boolean;
  markers: EditorMarker[];
  nodeNames: string[];
  /** Set when the editor shows a past run's code instead of the draft. */
  runLabel: string | undefined;
}

/** The draft, or a past run's code (read-only) when the selected run ran different code. */
export function useEditorView(): EditorView {
  const source = useStore(documentStore, selectSource);
  const analysis = useStore(analysisStore, selectAnalysis);
  const lastGood = useStore(analysisStore, selectLastGoodAnalysis);
  const runError = useStore(runStore, selectRunError);
  const selected = useStore(historyStore, selectSelectedDetails);
  const runs = useStore(historyStore, selectRuns);
  const sqlProblem = useStore(liveStore, selectLiveSqlProblem);

  return useMemo(() => {
    const nodeNames = [...(lastGood?.nodes.map((n) => n.name) ?? []), ...(lastGood?.inputs.map((i) => i.name) ?? [])];
    const runCode = selected?.record.modules.join("\n\n");
    if (selected && runCode !== undefined && runCode !== source) {
      const index = runs.findIndex((r) => r.runId === selected.record.runId) + 1;
      const error = selected.record.error;
      const markers = error ? markersFor({ code: error.code as WireError["code"], message: error.message, details: { node: error.node } }, runCode) : [];
      return { value: runCode, readOnly: true, markers, nodeNames, runLabel: index > 0 ? `run #${index}` : "the selected run" };
    }
    // SQL that live runs found DuckDB's parser stopping in, while the text is the one checked.
    const unparsed: EditorMarker[] = sqlProblem?.source === source ? [{ line: sqlProblem.line, column: sqlProblem.column, message: `SYNTAX: ${sqlProblem.message}`, severity: "error" }] : [];
    const markers = [...analysisMarkers(analysis, source), ...unparsed, ...(runError ? markersFor(runError, source) : [])];
    return { value: source, readOnly: false, markers, nodeNames, runLabel: undefined };
  }, [source, analysis, lastGood, runError, selected, runs, sqlProblem]);
}
