import { useEffect, useState } from "react";
import { useEngine } from "../app/engine";
import { formatSize } from "../files/size";
import { historyStore } from "../state/history";
import { panelsStore, selectBottomTab } from "../state/panels";
import { useStore } from "../state/store";
import { askPersistence, freed, manageCache, refreshCache } from "./actions";
import { NodeUsageTable } from "./NodeUsageTable";
import { cacheStore } from "./state";
import "./cache.css";

const DAY = 86_400_000;

/** The cache inspector: how much it holds against the browser's quota, per node, and what to let go. */
export function CachePanel() {
  const engine = useEngine();
  const visible = useStore(panelsStore, selectBottomTab) === "cache";
  const { usage, quota, message, error, busy } = useStore(cacheStore, (s) => s);
  const [days, setDays] = useState(30);
  const [megabytes, setMegabytes] = useState(100);
  const [keep, setKeep] = useState(300);
  const [limitMb, setLimitMb] = useState<number | undefined>(undefined);
  // Read only when shown (listing sizes reads every header and run record), and again when a
  // run lands in history while it is.
  const latestRun = useStore(historyStore, (s) => `${s.runs.at(-1)?.runId}:${s.runs.at(-1)?.status}:${s.runs.length}`);
  useEffect(() => {
    if (visible) void refreshCache(engine);
  }, [visible, engine, latestRun]);

  const runBytes = usage?.runs.reduce((s, r) => s + r.recordBytes, 0) ?? 0;
  const fileBytes = usage?.files.reduce((s, f) => s + f.size, 0) ?? 0;
  return (
    <div className="sl-cache" data-testid="cache-panel">
      <div className="sl-panel-bar">
        <button type="button" disabled={busy} onClick={() => void refreshCache(engine)}>
          Refresh
        </button>
        <span data-testid="cache-usage">
          {usage ? `Cache ${formatSize(usage.totalBytes)}: results ${formatSize(usage.results.bytes)} (${usage.results.count}, ${usage.results.pinned} pinned), history ${formatSize(runBytes)} (${usage.runs.length} runs), files ${formatSize(fileBytes)}` : "…"}
        </span>
        {quota.quota !== undefined && (
          <span className="sl-muted" data-testid="cache-quota" title="navigator.storage.estimate(): everything this site stores, against what the browser allows it">
            · site storage {formatSize(quota.usage ?? 0)} of {formatSize(quota.quota)}
          </span>
        )}
        {quota.persisted === false && (
          <button type="button" title="Without it, a browser short of disk may clear this cache (files and history too) without asking." onClick={() => void askPersistence()}>
            Keep this cache…
          </button>
        )}
        {error ? <span className="sl-error-text">{error}</span> : message && <span data-testid="cache-message">{message}</span>}
      </div>
      <div className="sl-cache-actions">
        <label>
          Evict results unused for
          <input type="number" min={0} value={days} onChange={(e) => setDays(Number(e.target.value))} /> days
        </label>
        <button type="button" data-testid="cache-evict-age" disabled={busy} onClick={() => void manageCache(engine, { op: "evict", criteria: { lastUsedBefore: Date.now() - days * DAY } }, freed)}>
          Evict
        </button>
        <label>
          Shrink results to
          <input type="number" min={0} value={megabytes} onChange={(e) => setMegabytes(Number(e.target.value))} /> MB
        </label>
        <button type="button" data-testid="cache-evict-size" disabled={busy} onClick={() => void manageCache(engine, { op: "evict", criteria: { toBytes: megabytes * 2 ** 20 } }, freed)}>
          Shrink
        </button>
        <label>
          Keep the last
          <input type="number" min={1} value={keep} onChange={(e) => setKeep(Number(e.target.value))} /> runs
        </label>
        <button type="button" data-testid="cache-prune-runs" disabled={busy} onClick={() => void manageCache(engine, { op: "pruneRuns", keep }, () => `History keeps the last ${keep} runs.`)}>
          Trim history
        </button>
      </div>
      <div className="sl-cache-actions" data-testid="cache-limit">
        <span>
          Results may take {usage?.limit.maxBytes === undefined ? "any size" : formatSize(usage.limit.maxBytes)}
          {usage?.limit.isDefault && usage.limit.maxBytes !== undefined && " (the default: half of what the browser allows this site)"}
        </span>
        <label>
          Limit to
          <input type="number" min={0} value={limitMb ?? ""} placeholder="MB" onChange={(e) => setLimitMb(e.target.value === "" ? undefined : Number(e.target.value))} /> MB
        </label>
        <button type="button" data-testid="cache-set-limit" disabled={busy || limitMb === undefined} onClick={() => void manageCache(engine, { op: "limit", maxBytes: limitMb! * 2 ** 20 }, () => `Limit set: least recently used results go after a run that passes ${formatSize(limitMb! * 2 ** 20)}.`)}>
          Set limit
        </button>
        {usage && !usage.limit.isDefault && (
          <button type="button" disabled={busy} onClick={() => void manageCache(engine, { op: "limit", maxBytes: null }, () => "Back to the default limit.")}>
            Default
          </button>
        )}
      </div>
      <p className="sl-muted sl-cache-note">
        Least recently used results are evicted first, and automatically when the disk is full; pinned results never are. An evicted node simply computes again.
      </p>
      {usage && <NodeUsageTable nodes={usage.nodes} busy={busy} />}
    </div>
  );
}
