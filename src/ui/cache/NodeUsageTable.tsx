import { useEngine } from "../app/engine";
import { formatSize } from "../files/size";
import type { CacheUsage } from "../../worker/protocol";
import { freed, manageCache } from "./actions";

function ago(ms: number): string {
  if (ms === 0) return "never";
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

/** Per node: how much its results take, when last used; pin or evict it. */
export function NodeUsageTable({ nodes, busy }: { nodes: CacheUsage["nodes"]; busy: boolean }) {
  const engine = useEngine();
  if (nodes.length === 0) return <div className="sl-muted sl-files-empty">No cached results.</div>;
  return (
    <table className="sl-files-table" data-testid="cache-nodes">
      <thead>
        <tr>
          <th>node</th>
          <th>results</th>
          <th>size</th>
          <th>last used</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => {
          const pinned = n.pinned > 0;
          return (
            <tr key={n.node} data-testid={`cache-node-${n.node}`} data-pinned={pinned ? "true" : "false"}>
              <td className="sl-mono">{n.node}</td>
              <td>{n.results}</td>
              <td>{formatSize(n.bytes)}</td>
              <td className="sl-muted" title={new Date(n.lastUsedAt).toLocaleString()}>{ago(n.lastUsedAt)}</td>
              <td className="sl-cache-row-actions">
                <button type="button" data-testid={`cache-pin-${n.node}`} disabled={busy} aria-pressed={pinned} title="Pinned results are never evicted" onClick={() => void manageCache(engine, { op: "pin", node: n.node, pinned: !pinned }, () => `${n.node} ${pinned ? "unpinned" : "pinned"}.`)}>
                  {pinned ? "Unpin" : "Pin"}
                </button>
                <button type="button" data-testid={`cache-evict-${n.node}`} disabled={busy || pinned} onClick={() => void manageCache(engine, { op: "evict", criteria: { node: n.node } }, freed)}>
                  Evict
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
