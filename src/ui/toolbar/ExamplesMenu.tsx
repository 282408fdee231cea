import { EXAMPLES } from "../../examples";
import { openExample } from "../actions/workspace";
import { documentStore, selectExampleId } from "../state/document";
import { useStore } from "../state/store";

/** The tutorial, step by step: replaying the examples in order reproduces its hits and misses. */
export function ExamplesMenu() {
  const exampleId = useStore(documentStore, selectExampleId);
  return (
    <label className="sl-toolbar-field">
      <span className="sl-muted">Example</span>
      <select
        data-testid="examples-menu"
        value={exampleId ?? ""}
        onChange={(e) => {
          const example = EXAMPLES.find((x) => x.id === e.target.value);
          if (example) openExample(example);
        }}
      >
        <option value="" disabled>
          {exampleId ? "—" : "(your code)"}
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
