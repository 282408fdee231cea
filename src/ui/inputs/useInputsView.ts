import { useMemo } from "react";
import { analysisStore, selectLastGoodAnalysis } from "../state/analysis";
import { historyStore, selectSelectedDetails } from "../state/history";
import { inputsStore, inputText, parseInputs, selectInputTypes, selectInputValues, type InputType } from "../state/inputs";
import { useStore } from "../state/store";

export interface InputField {
  name: string;
  optional: boolean;
  usedBy: string[];
  value: string;
  type: InputType;
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * The fields to show: the draft's, or a selected run's when that run was given other values
 * (then read-only: history shows what ran, it does not edit it).
 */
export function useInputsView(): { fields: InputField[]; readOnlyRun: boolean } {
  const analysis = useStore(analysisStore, selectLastGoodAnalysis);
  const values = useStore(inputsStore, selectInputValues);
  const types = useStore(inputsStore, selectInputTypes);
  const selected = useStore(historyStore, selectSelectedDetails);

  return useMemo(() => {
    const draft: InputField[] = (analysis?.inputs ?? []).map((i) => ({
      name: i.name,
      optional: i.optional,
      usedBy: i.usedBy,
      value: values[i.name] ?? "",
      type: types[i.name] ?? "text",
    }));
    if (!selected) return { fields: draft, readOnlyRun: false };
    const { record } = selected;
    const names = draft.map((f) => f.name);
    if (sameValues(record.inputs, parseInputs({ values, types }, names).values)) return { fields: draft, readOnlyRun: false };
    const fields = record.nodes
      .filter((n) => n.kind === "input")
      .map((n) => ({
        name: n.name,
        optional: false,
        usedBy: record.nodes.filter((m) => m.dependencies.includes(n.name)).map((m) => m.name),
        value: n.name in record.inputs ? inputText(record.inputs[n.name]) : "",
        type: (typeof record.inputs[n.name] === "string" || !(n.name in record.inputs) ? "text" : "json") as InputType,
      }));
    return { fields, readOnlyRun: true };
  }, [analysis, values, types, selected]);
}
