import { useState } from "react";
import { clearCache, switchBackend } from "../actions/cache";
import { useEngine } from "../app/engine";
import { selectBackend, selectPath, settingsStore } from "../state/settings";
import { useStore } from "../state/store";

/** Where results live (IndexedDB, shared by every tab; or memory, this tab only), and clearing it. */
export function BackendSettings() {
  const engine = useEngine();
  const backend = useStore(settingsStore, selectBackend);
  const path = useStore(settingsStore, selectPath);
  const [draftPath, setDraftPath] = useState(path);
  const [also, setAlso] = useState({ history: false, files: false });
  const [message, setMessage] = useState<string>();
  const report = (error: string | undefined, ok: string) => setMessage(error ?? ok);

  return (
    <fieldset className="sl-settings-group">
      <legend>This workspace's cache</legend>
      <label className="sl-radio">
        <input type="radio" name="backend" checked={backend === "indexeddb"} onChange={() => void switchBackend(engine, "indexeddb", draftPath).then((e) => report(e, "Using IndexedDB."))} />
        IndexedDB (kept across reloads)
      </label>
      <label className="sl-settings-row">
        <span>database</span>
        <input
          value={draftPath}
          spellCheck={false}
          onChange={(e) => setDraftPath(e.target.value)}
          onBlur={() => draftPath !== path && void switchBackend(engine, backend, draftPath).then((e) => report(e, `Using ${draftPath}.`))}
        />
      </label>
      <label className="sl-radio">
        <input type="radio" name="backend" checked={backend === "memory"} onChange={() => void switchBackend(engine, "memory", draftPath).then((e) => report(e, "Using memory for this tab."))} />
        Memory (this tab only)
      </label>
      <div className="sl-settings-row">
        <button type="button" data-testid="clear-cache" onClick={() => void clearCache(engine, also).then((e) => report(e, "Cache cleared."))}>
          Clear cache
        </button>
        <label>
          <input type="checkbox" checked={also.history} onChange={(e) => setAlso({ ...also, history: e.target.checked })} /> history
        </label>
        <label>
          <input type="checkbox" checked={also.files} onChange={(e) => setAlso({ ...also, files: e.target.checked })} /> files
        </label>
      </div>
      {message && <div className="sl-muted">{message}</div>}
    </fieldset>
  );
}
