import type { CachingBehavior } from "../../engine/types";
import type { DriverOptions } from "../../worker/protocol";
import { BEHAVIOR_CHOICES } from "../state/runOptions";
import { selectBehaviors, selectDriver, setDriverOptions, settingsStore } from "../state/settings";
import { useStore } from "../state/store";

type DefaultKey = "defaultBehavior" | "defaultLoaderBehavior" | "defaultSaverBehavior";
type ListKey = "recompute" | "disable" | "ignore" | "default";

const DEFAULTS: [DefaultKey, string][] = [
  ["defaultBehavior", "every node"],
  ["defaultLoaderBehavior", "loaders"],
  ["defaultSaverBehavior", "savers"],
];
const LISTS: ListKey[] = ["recompute", "disable", "ignore", "default"];

function describe(list: DriverOptions[ListKey]): string {
  return list === true ? "all nodes" : list && list.length > 0 ? list.join(", ") : "—";
}

/** `withCache` options for the next run; examples set them, per-node choices live on the graph. */
export function DriverSettings() {
  const driver = useStore(settingsStore, selectDriver);
  const perNode = useStore(settingsStore, selectBehaviors);
  const set = (patch: Partial<DriverOptions>) => {
    const next: DriverOptions = { ...driver, ...patch };
    for (const key of Object.keys(next) as (keyof DriverOptions)[]) if (next[key] === undefined) delete next[key];
    setDriverOptions(next);
  };
  const chosen = Object.entries(perNode);
  return (
    <fieldset className="sl-settings-group" data-testid="driver-settings">
      <legend>withCache options</legend>
      {DEFAULTS.map(([key, label]) => (
        <label key={key} className="sl-settings-row">
          <span>{key}</span>
          <select value={driver[key] ?? ""} title={`Behaviour for ${label} nothing else decides`} onChange={(e) => set({ [key]: (e.target.value || undefined) as CachingBehavior | undefined })}>
            <option value="">(default)</option>
            {BEHAVIOR_CHOICES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      ))}
      {LISTS.map((key) => (
        <div key={key} className="sl-settings-row">
          <span>{key}</span>
          <span className="sl-mono">{describe(driver[key])}</span>
          {driver[key] !== undefined && (
            <button type="button" onClick={() => set({ [key]: undefined })}>
              clear
            </button>
          )}
        </div>
      ))}
      <label className="sl-settings-row">
        <input type="checkbox" checked={driver.recompute === true} onChange={(e) => set({ recompute: e.target.checked ? true : undefined })} />
        <span>recompute every node</span>
      </label>
      <div className="sl-muted">
        Per-node choices (from the graph): {chosen.length === 0 ? "none" : chosen.map(([n, b]) => `${n}: ${b}`).join(", ")}
      </div>
    </fieldset>
  );
}
