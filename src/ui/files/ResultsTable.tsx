import { downloadResult, RESULTS_SHOWN } from "../actions/files";
import { useEngine } from "../app/engine";
import { filesStore, selectResults } from "../state/files";
import { useStore } from "../state/store";
import { DownloadTable } from "./DownloadTable";
import { formatSize } from "./size";

/** The cache's results as files: one per data version, with its format's extension. */
export function ResultsTable() {
  const engine = useEngine();
  const results = useStore(filesStore, selectResults);
  if (results.length === 0) return null;
  return (
    <>
      <h3 className="sl-files-heading">Cached results{results.length >= RESULTS_SHOWN && ` (the newest ${RESULTS_SHOWN}; the Cache tab has sizes for all)`}</h3>
      <DownloadTable
        testId="cached-results"
        headings={["file", "nodes", "format", "size"]}
        rowTestId="result-item"
        rows={results.map((r) => ({
          key: r.dataVersion,
          cells: [<span className="sl-mono" title={r.dataVersion}>{r.fileName}</span>, <span className="sl-mono">{r.nodeNames.join(", ")}</span>, r.format, formatSize(r.byteLength)],
          onDownload: () => void downloadResult(engine, r.dataVersion),
        }))}
      />
    </>
  );
}
