import type { WireError } from "../../worker/protocol";
import { analysisStore, selectAnalysisFailure } from "../state/analysis";
import { historyStore, selectSelectedDetails } from "../state/history";
import { clearRunError, runStore, selectRunError } from "../state/run";
import { useStore } from "../state/store";
import "./errors.css";

function where(error: WireError): string | undefined {
  const { node, input, line, column, cycle } = error.details;
  const parts = [
    node && `node ${node}`,
    input && `input ${input}`,
    line !== undefined && `line ${line}${column !== undefined ? `, column ${column}` : ""}`,
    cycle && cycle.length > 0 && `cycle ${cycle.join(" → ")}`,
  ];
  return parts.filter(Boolean).join(" · ") || undefined;
}

/** The error of the last run (or of the selected one): code, message, where, and the stack. */
export function ErrorBanner() {
  const runError = useStore(runStore, selectRunError);
  const selected = useStore(historyStore, selectSelectedDetails);
  const failure = useStore(analysisStore, selectAnalysisFailure);
  const recordError = selected?.record.error;
  // A past run shows its own error; the draft shows what the last attempt to run it said.
  const error: WireError | undefined = selected
    ? recordError && { code: recordError.code as WireError["code"], message: recordError.message, details: { node: recordError.node, originalStack: recordError.stack } }
    : runError;
  if (!error && !failure) return null;
  if (!error) return <div className="sl-error" role="alert">The engine worker could not analyse the code: {failure}</div>;
  const place = where(error);
  return (
    <div className={`sl-error${error.code === "CANCELLED" ? " sl-error-quiet" : ""}`} role="alert" data-testid="run-error" data-code={error.code}>
      <div className="sl-error-line">
        <span className="sl-error-code">{error.code}</span>
        <span className="sl-error-message">{error.message}</span>
        {place && <span className="sl-error-where">{place}</span>}
        {!selected && (
          <button type="button" className="sl-error-close" aria-label="Dismiss" onClick={clearRunError}>
            ×
          </button>
        )}
      </div>
      {error.details.originalStack && (
        <details>
          <summary>Stack</summary>
          <pre className="sl-mono">{error.details.originalStack}</pre>
        </details>
      )}
    </div>
  );
}
