import { EXAMPLES } from "../../examples";
import { openExample } from "../actions/workspace";
import { useEngine } from "../app/engine";
import { documentStore, selectEdited, selectExampleId } from "../state/document";
import { runStore, selectPhase } from "../state/run";
import { useStore } from "../state/store";

/**
 * The tutorial, step by step: replaying the examples in order reproduces its hits and misses.
 * Each opens as its own workspace (see actions/workspace.ts), so picking one never loses code.
 */
export function ExamplesMenu() {
  const engine = useEngine();
  const opened = useStore(documentStore, selectExampleId);
  const edited = useStore(documentStore, selectEdited);
  const idle = useStore(runStore, selectPhase) === "idle";
  const exampleId = edited ? undefined : opened;
  return (
    <label className="sl-toolbar-field">
      <span className="sl-muted">Example</span>
      <select
        data-testid="examples-menu"
        value={exampleId ?? ""}
        disabled={!idle}
        onChange={(e) => {
          const example = EXAMPLES.find((x) => x.id === e.target.value);
          if (example) void openExample(engine, example);
        }}
      >
        <option value="" disabled>
          Open an example…
        </option>
        {EXAMPLES.map((example, i) => (
          <option key={example.id} value={example.id}>
            {i + 1}. {example.title}
          </option>
        ))}
      </select>
    </label>
  );
}
