import { chooseKey } from "../state/compare";
import { useValueDiff } from "./useValueDiff";

const cell = (value: unknown) => (value === null || value === undefined ? "∅" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** Two values of a node compared: for tables, columns, rows and a sample of changed cells. */
export function ValueDiffView({ node, before, after, keyColumn }: { node: string; before: string; after: string; keyColumn: string | undefined }) {
  const { diff, error, loading } = useValueDiff(before, after, keyColumn);
  if (loading) return <div className="sl-muted">Comparing values…</div>;
  if (error) return <div className="sl-node-error">{error}</div>;
  if (!diff) return null;
  if (diff.kind === "missing") return <div className="sl-muted">{diff.reason}</div>;
  if (diff.kind === "value") return <div data-testid="value-diff">{diff.equal ? "Equal values." : "The values differ."}</div>;
  const { columns, rows } = diff;
  return (
    <div className="sl-value-diff" data-testid="value-diff" data-changed-rows={diff.changedRows}>
      <div className="sl-value-diff-head">
        <strong className="sl-mono">{node}</strong>: {rows.before} → {rows.after} rows; <span data-testid="value-diff-changed">{diff.changedRows} changed</span>
        {diff.addedRows > 0 && `, ${diff.addedRows} added`}
        {diff.removedRows > 0 && `, ${diff.removedRows} removed`}
        <label>
          {" "}
          rows paired by{" "}
          <select data-testid="value-diff-key" value={keyColumn ?? ""} onChange={(e) => chooseKey(e.target.value || undefined)}>
            <option value="">position</option>
            {columns.common.map((c) => (
              <option key={c} value={c}>
                key: {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(columns.added.length > 0 || columns.removed.length > 0 || columns.retyped.length > 0) && (
        <div>
          {columns.added.length > 0 && <span>Columns added: {columns.added.join(", ")}. </span>}
          {columns.removed.length > 0 && <span>Removed: {columns.removed.join(", ")}. </span>}
          {columns.retyped.map((c) => (
            <span key={c.name}>
              {c.name}: {c.before} → {c.after}.{" "}
            </span>
          ))}
        </div>
      )}
      {diff.sample.length > 0 && (
        <table className="sl-files-table">
          <thead>
            <tr>
              <th>{"key" in diff.by ? diff.by.key : "row"}</th>
              <th>column</th>
              <th>before</th>
              <th>after</th>
            </tr>
          </thead>
          <tbody>
            {diff.sample.map((c) => (
              <tr key={`${c.row}\u0000${c.column}`}>
                <td className="sl-mono">{c.row}</td>
                <td className="sl-mono">{c.column}</td>
                <td className="sl-mono">{cell(c.before)}</td>
                <td className="sl-mono">{cell(c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
