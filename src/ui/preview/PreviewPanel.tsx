import { useState } from "react";
import type { RunRecord } from "../../worker/protocol";
import { historyStore, selectSelectedDetails } from "../state/history";
import { useStore } from "../state/store";
import "./preview.css";
import "./explain.css";
import { CodeDiff } from "../editor/CodeDiff";
import { ExplanationView } from "./ExplanationView";
import { FactsTable } from "./FactsTable";
import { useNodeFacts } from "./useNodeFacts";
import { ValueView } from "./ValueView";

/** The selected node: its value beside the versions and key that decided hit or miss. */
export function PreviewPanel() {
  const facts = useNodeFacts();
  const record = useStore(historyStore, selectSelectedDetails)?.record;
  // The diff shown, for one node of one run: selecting another closes it.
  const [diff, setDiff] = useState<{ key: string; compared: RunRecord }>();
  const diffKey = `${facts?.runId}\u0000${facts?.name}`;
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
            {diff?.key === diffKey && record ? (
              <CodeDiff original={diff.compared.modules.join("\n\n")} modified={record.modules.join("\n\n")} node={facts.name} onClose={() => setDiff(undefined)} />
            ) : (
              <ValueView facts={facts} />
            )}
          </div>
          <aside className="sl-preview-facts" tabIndex={0} aria-label="Node facts">
            <ExplanationView facts={facts} record={record} onShowDiff={(compared) => setDiff({ key: diffKey, compared })} />
            <FactsTable facts={facts} />
          </aside>
        </>
      ) : (
        <div className="sl-muted sl-preview-note">Click a node in the graph to see its value, versions and cache key.</div>
      )}
    </div>
  );
}
