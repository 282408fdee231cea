import { selectRun } from "../actions/history";
import { useEngine } from "../app/engine";
import { historyStore, selectSelectedRunId } from "../state/history";
import { setInputType, setInputValue, type InputType } from "../state/inputs";
import { useStore } from "../state/store";
import "./inputs.css";
import { useInputsView } from "./useInputsView";

/** A field per detected input (parameters that name no node), filled by examples. */
export function InputsPanel() {
  const engine = useEngine();
  const { fields, readOnlyRun } = useInputsView();
  const viewingRun = useStore(historyStore, selectSelectedRunId) !== undefined;
  const edit = (name: string, value: string) => {
    setInputValue(name, value);
    // Edits are for the next run: leave the past run's view, as editing the code does.
    if (viewingRun) void selectRun(engine, undefined);
  };
  return (
    <section className="sl-inputs" aria-label="Inputs">
      <header className="sl-inputs-head">
        <span>Inputs</span>
        {readOnlyRun && <span className="sl-muted">as given to the selected run</span>}
      </header>
      {fields.length === 0 && <div className="sl-muted sl-inputs-empty">No inputs: every parameter names a node.</div>}
      {fields.map((f) => (
        <label key={f.name} className="sl-input-row" title={`Used by ${f.usedBy.join(", ")}`}>
          <span className="sl-input-name sl-mono">
            {f.name}
            {f.optional && <span className="sl-muted"> (optional)</span>}
          </span>
          <input
            data-testid={`input-${f.name}`}
            value={f.value}
            readOnly={readOnlyRun}
            placeholder={f.optional ? "default" : "required"}
            spellCheck={false}
            onChange={(e) => edit(f.name, e.target.value)}
          />
          <select
            aria-label={`How to read ${f.name}`}
            value={f.type}
            disabled={readOnlyRun}
            onChange={(e) => setInputType(f.name, e.target.value as InputType)}
          >
            <option value="text">text</option>
            <option value="number">number</option>
            <option value="json">JSON</option>
          </select>
        </label>
      ))}
    </section>
  );
}
