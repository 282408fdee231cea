import { formatDuration, statusLook } from "../common/status";
import type { NodeFacts } from "./useNodeFacts";
import { useDecodedKey } from "./usePreview";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Versions, key and behaviour: why this node executed or came from the cache. */
export function FactsTable({ facts }: { facts: NodeFacts }) {
  const decoded = useDecodedKey(facts.cacheKey);
  const deps = decoded.state === "ready" ? Object.entries(decoded.value.dependenciesDataVersions) : [];
  return (
    <dl className="sl-facts" data-testid="node-facts">
      <Row label="node">
        <span className="sl-mono">{facts.name}</span> <span className="sl-muted">({facts.kind})</span>
      </Row>
      <Row label="status">{facts.status ? statusLook(facts.status).label : facts.source === "draft" ? "not run yet" : "—"}</Row>
      {facts.behavior && <Row label="behaviour">{facts.behavior}</Row>}
      {facts.durationMs !== undefined && <Row label="duration">{formatDuration(facts.durationMs)}</Row>}
      {facts.dataVersion && (
        <Row label="data version">
          <span className="sl-mono sl-break" data-testid="data-version">{facts.dataVersion}</span>
        </Row>
      )}
      {facts.codeVersion && (
        <Row label="code version">
          <span className="sl-mono sl-break">{facts.codeVersion}</span>
        </Row>
      )}
      {facts.cacheKey && (
        <Row label="cache key">
          {decoded.state === "ready" ? (
            <div className="sl-key" data-testid="cache-key">
              <div className="sl-mono">node_name: {decoded.value.nodeName}</div>
              <div className="sl-mono sl-break">code_version: {decoded.value.codeVersion}</div>
              <div>dependencies_data_versions:{deps.length === 0 && <span className="sl-muted"> none</span>}</div>
              {deps.map(([dep, version]) => (
                <div key={dep} className="sl-mono sl-break sl-key-dep">
                  {dep}: {version}
                </div>
              ))}
            </div>
          ) : decoded.state === "error" ? (
            <span className="sl-mono sl-break" title={decoded.message}>{facts.cacheKey}</span>
          ) : (
            <span className="sl-muted">decoding…</span>
          )}
        </Row>
      )}
      {facts.dependencies.length > 0 && <Row label="depends on">{facts.dependencies.join(", ")}</Row>}
    </dl>
  );
}
