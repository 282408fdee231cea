import { useMemo, useState } from "react";
import { compareRuns } from "../../engine/explain/compare";
import type { RunRecord } from "../../worker/protocol";
import { formatDuration, statusLook } from "../common/status";
import { CodeDiff } from "../editor/CodeDiff";
import { useRunDetails } from "../history/useRunDetails";
import { chooseNode, chooseRuns, compareStore, comparedPair, selectCompare } from "../state/compare";
import { historyStore, selectRuns, selectSelectedRunId } from "../state/history";
import { useStore } from "../state/store";
import "./compare.css";
import { ValueDiffView } from "./ValueDiffView";

const inputText = (record: RunRecord | undefined, name: string) => (record && Object.hasOwn(record.inputs, name) ? JSON.stringify(record.inputs[name]) : "default");
const shortVersion = (v: string | undefined) => (v ? `${v.slice(0, 12)}…` : "—");

/** Any two runs of the history side by side: per node status, duration, code and value changes. */
export function ComparePanel() {
  const runs = useStore(historyStore, selectRuns);
  const shown = useStore(historyStore, selectSelectedRunId);
  const choice = useStore(compareStore, selectCompare);
  const ids = useMemo(() => runs.map((r) => r.runId), [runs]);
  const { before, after } = comparedPair(choice, ids, shown);
  const a = useRunDetails(before)?.record;
  const b = useRunDetails(after)?.record;
  const rows = useMemo(() => (a && b ? compareRuns(a, b) : []), [a, b]);
  const [codeOf, setCodeOf] = useState<string>();
  const picked = rows.find((r) => r.name === choice.node);

  const runSelect = (testId: string, value: string | undefined, onChange: (id: string) => void) => (
    <select data-testid={testId} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
      <option value="" disabled>
        choose a run
      </option>
      {runs.map((r, i) => (
        <option key={r.runId} value={r.runId}>
          #{i + 1} · {new Date(r.startedAt).toLocaleTimeString()}
        </option>
      ))}
    </select>
  );

  if (runs.length < 2) return <div className="sl-muted sl-preview-note">Run twice to compare two runs.</div>;
  return (
    <div className="sl-compare" data-testid="compare-panel">
      <div className="sl-compare-head">
        Compare {runSelect("compare-before", before, (id) => chooseRuns({ before: id, after }))} with{" "}
        {runSelect("compare-after", after, (id) => chooseRuns({ before, after: id }))}
      </div>
      <table className="sl-files-table">
        <thead>
          <tr>
            <th>node</th>
            <th>before</th>
            <th>after</th>
            <th>duration</th>
            <th>code</th>
            <th>value (data version)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-testid={`compare-row-${row.name}`} data-value-changed={row.valueChanged ? "true" : "false"} className={row.name === choice.node ? "sl-compare-picked" : undefined}>
              <td className="sl-mono">{row.name}</td>
              <td>{row.before ? statusLook(row.before.status).label : "—"}</td>
              <td>{row.after ? statusLook(row.after.status).label : "—"}</td>
              <td>
                {formatDuration(row.before?.durationMs) ?? "—"} → {formatDuration(row.after?.durationMs) ?? "—"}
              </td>
              <td>
                {row.codeChanged ? (
                  <button type="button" className="sl-link" onClick={() => setCodeOf(row.name)}>
                    changed: diff
                  </button>
                ) : (
                  <span className="sl-muted">same</span>
                )}
              </td>
              <td>
                {row.kind === "input" && row.valueChanged ? (
                  // Inputs are not in the result store; the run records keep their values.
                  <span className="sl-mono">
                    {inputText(a, row.name)} → {inputText(b, row.name)}
                  </span>
                ) : row.valueChanged ? (
                  <button type="button" className="sl-link" data-testid={`compare-value-${row.name}`} onClick={() => chooseNode(row.name)} title={`${row.before?.dataVersion} → ${row.after?.dataVersion}`}>
                    changed: {shortVersion(row.before?.dataVersion)} → {shortVersion(row.after?.dataVersion)}
                  </button>
                ) : (
                  <span className="sl-muted sl-mono">{row.after?.dataVersion || row.before?.dataVersion ? `same ${shortVersion(row.after?.dataVersion ?? row.before?.dataVersion)}` : "—"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {picked?.before?.dataVersion && picked.after?.dataVersion && (
        <ValueDiffView node={picked.name} before={picked.before.dataVersion} after={picked.after.dataVersion} keyColumn={choice.key} />
      )}
      {codeOf && a && b && <CodeDiff original={a.modules.join("\n\n")} modified={b.modules.join("\n\n")} node={codeOf} onClose={() => setCodeOf(undefined)} />}
    </div>
  );
}
