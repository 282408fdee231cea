import { downloadResult } from "../actions/files";
import { useEngine } from "../app/engine";
import { selectResults, filesStore } from "../state/files";
import { useStore } from "../state/store";
import { formatSize } from "./size";

/** The cache's results as files: one per data version, with its format's extension. */
export function ResultsTable() {
  const engine = useEngine();
  const results = useStore(filesStore, selectResults);
  if (results.length === 0) return null;
  return (
    <>
      <h3 className="sl-files-heading">Cached results</h3>
      <table className="sl-files-table" data-testid="cached-results">
        <thead>
          <tr>
            <th>file</th>
            <th>nodes</th>
            <th>format</th>
            <th>size</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.dataVersion} data-testid="result-item">
              <td className="sl-mono" title={r.dataVersion}>
                {r.fileName}
              </td>
              <td className="sl-mono">{r.nodeNames.join(", ")}</td>
              <td>{r.format}</td>
              <td>{formatSize(r.byteLength)}</td>
              <td>
                <button type="button" onClick={() => void downloadResult(engine, r.dataVersion)}>
                  Download
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
