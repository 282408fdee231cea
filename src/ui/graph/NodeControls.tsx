import type { CachingBehavior } from "../../engine/types";
import { BEHAVIOR_CHOICES } from "../state/runOptions";
import { setNodeBehavior } from "../state/settings";
import { toggleRequested } from "./requested";

interface Props {
  name: string;
  isInput: boolean;
  /** The next run's choices (settings), not what the shown run did. */
  chosenBehavior: CachingBehavior | undefined;
  willRequest: boolean;
}

/** Choices for the next run. `nodrag` keeps React Flow from treating clicks as drags. */
export function NodeControls({ name, isInput, chosenBehavior, willRequest }: Props) {
  return (
    <div className="sl-node-controls nodrag nopan">
      <select
        data-testid={`behavior-${name}`}
        aria-label={`Caching behaviour of ${name} from the next run`}
        title="Caching behaviour from the next run"
        value={chosenBehavior ?? ""}
        onChange={(e) => setNodeBehavior(name, (e.target.value || undefined) as CachingBehavior | undefined)}
      >
        <option value="">auto</option>
        {BEHAVIOR_CHOICES.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
      {!isInput && (
        <label className="sl-node-request" title="Request this node as an output of the next run">
          <input data-testid={`request-${name}`} type="checkbox" checked={willRequest} onChange={() => toggleRequested(name)} />
          output
        </label>
      )}
    </div>
  );
}
