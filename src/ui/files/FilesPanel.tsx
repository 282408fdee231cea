import { useRef } from "react";
import { downloadFile, refreshFiles, uploadFiles } from "../actions/files";
import { useEngine } from "../app/engine";
import { filesStore, selectFiles, selectFilesError } from "../state/files";
import { useStore } from "../state/store";
import { ResultsTable } from "./ResultsTable";
import { formatSize } from "./size";
import "./files.css";

/** The file area: what savers and `files.write` produced, plus uploads nodes can read. */
export function FilesPanel() {
  const engine = useEngine();
  const files = useStore(filesStore, selectFiles);
  const error = useStore(filesStore, selectFilesError);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="sl-files" data-testid="files">
      <div className="sl-panel-bar">
        <button type="button" onClick={() => void refreshFiles(engine)}>
          Refresh
        </button>
        <button type="button" onClick={() => picker.current?.click()} title="Upload files nodes can read with files.read(name)">
          Upload…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            if (e.target.files) void uploadFiles(engine, e.target.files);
            e.target.value = "";
          }}
        />
        {error && <span className="sl-error-text">{error}</span>}
      </div>
      {files.length === 0 ? (
        <div className="sl-muted sl-files-empty">No files yet. A saver node or <code>files.write(name, table, format)</code> puts them here.</div>
      ) : (
        <table className="sl-files-table">
          <thead>
            <tr>
              <th>name</th>
              <th>format</th>
              <th>size</th>
              <th>from</th>
              <th>updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.name} data-testid="file-item">
                <td className="sl-mono">{f.name}</td>
                <td>{f.format}</td>
                <td>{formatSize(f.size)}</td>
                <td className="sl-muted">{f.origin}</td>
                <td className="sl-muted">{new Date(f.updatedAt).toLocaleString()}</td>
                <td>
                  <button type="button" data-testid={`download-${f.name}`} onClick={() => void downloadFile(engine, f.name)}>
                    Download
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ResultsTable />
    </div>
  );
}
