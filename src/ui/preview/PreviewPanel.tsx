import "./preview.css";
import { FactsTable } from "./FactsTable";
import { useNodeFacts } from "./useNodeFacts";
import { ValueView } from "./ValueView";

/** The selected node: its value beside the versions and key that decided hit or miss. */
export function PreviewPanel() {
  const facts = useNodeFacts();
  return (
    <div className="sl-preview" data-testid="preview" data-node={facts?.name}>
      {facts ? (
        <>
          <div className="sl-preview-value">
            {facts.error && (
              <div className="sl-node-error">
                <strong>
                  {facts.error.code}: {facts.error.message}
                </strong>
                {facts.error.stack && <pre className="sl-mono">{facts.error.stack}</pre>}
              </div>
            )}
            <ValueView facts={facts} />
          </div>
          <aside className="sl-preview-facts" tabIndex={0} aria-label="Node facts">
            <FactsTable facts={facts} />
          </aside>
        </>
      ) : (
        <div className="sl-muted sl-preview-note">Click a node in the graph to see its value, versions and cache key.</div>
      )}
    </div>
  );
}
