import { useEffect, useRef } from "react";
import { downloadFile, refreshFiles, uploadFiles } from "../actions/files";
import { useEngine } from "../app/engine";
import { filesStore, selectFiles, selectFilesError } from "../state/files";
import { panelsStore, selectBottomTab } from "../state/panels";
import { useStore } from "../state/store";
import { DownloadTable } from "./DownloadTable";
import { ResultsTable } from "./ResultsTable";
import { formatSize } from "./size";
import "./files.css";

/** The file area: what savers and `files.write` produced, plus uploads nodes can read. */
export function FilesPanel() {
  const engine = useEngine();
  const files = useStore(filesStore, selectFiles);
  const error = useStore(filesStore, selectFilesError);
  const picker = useRef<HTMLInputElement>(null);
  const visible = useStore(panelsStore, selectBottomTab) === "files";
  useEffect(() => {
    if (visible) void refreshFiles(engine);
  }, [visible, engine]);
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
        <DownloadTable
          headings={["name", "format", "size", "from", "updated"]}
          rowTestId="file-item"
          rows={files.map((f) => ({
            key: f.name,
            cells: [<span className="sl-mono">{f.name}</span>, f.format, formatSize(f.size), <span className="sl-muted">{f.origin}</span>, <span className="sl-muted">{new Date(f.updatedAt).toLocaleString()}</span>],
            onDownload: () => void downloadFile(engine, f.name),
            downloadTestId: `download-${f.name}`,
          }))}
        />
      )}
      <ResultsTable />
    </div>
  );
}
