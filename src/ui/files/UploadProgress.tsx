import { selectUpload, uploadsStore } from "../state/uploads";
import { useStore } from "../state/store";
import { formatSize } from "./size";
import "./files.css";

/**
 * The upload in flight, wherever its files were dropped or picked: a progress bar fed by the
 * engine worker's reports (bytes stored on disk), with a Cancel that keeps nothing.
 */
export function UploadProgress() {
  const upload = useStore(uploadsStore, selectUpload);
  if (!upload) return null;
  const { name, loaded, total, index, count, done } = upload;
  const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
  const which = count > 1 ? ` (${index} of ${count})` : "";
  return (
    <div className="sl-upload" data-testid="upload-status" data-done={done}>
      <span className="sl-upload-name">
        {done ? "Uploaded" : "Uploading"} <span className="sl-mono">{name}</span>
        {which}
      </span>
      <div
        className="sl-upload-bar"
        role="progressbar"
        aria-label={`Upload of ${name}`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={loaded}
        aria-valuetext={`${formatSize(loaded)} of ${formatSize(total)}`}
        data-testid="upload-progress"
      >
        <div className="sl-upload-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="sl-muted">{percent}%</span>
      {!done && (
        <button type="button" data-testid="upload-cancel" onClick={upload.cancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
