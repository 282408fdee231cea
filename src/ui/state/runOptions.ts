import type { CachingBehavior } from "../../engine/types";
import type { Analysis, DriverOptions } from "../../worker/protocol";
import { sinksOf } from "./analysis";
import type { SettingsState } from "./settings";

export const BEHAVIOR_CHOICES = ["default", "recompute", "disable", "ignore"] as const satisfies readonly CachingBehavior[];

const LISTS = ["recompute", "disable", "ignore", "default"] as const;

/** What a run asks for: the user's choice where it still names nodes, else the sinks. */
export function requestedOutputs(settings: Pick<SettingsState, "requested">, analysis: Analysis | undefined): string[] {
  const sinks = sinksOf(analysis);
  if (!settings.requested || !analysis) return sinks;
  const known = new Set([...analysis.nodes.map((n) => n.name), ...analysis.inputs.map((i) => i.name)]);
  const chosen = settings.requested.filter((name) => known.has(name));
  return chosen.length > 0 ? chosen : sinks;
}

/**
 * `withCache` options with the graph's per-node choices folded in. A per-node choice takes the
 * node out of every other list; a list that was `true` is spelled out so the engine does not
 * see one node under two behaviours. Names the current code no longer defines are dropped
 * (they come from an example or an old choice, and the engine would reject them).
 */
export function effectiveDriverOptions(settings: Pick<SettingsState, "driver" | "behaviors">, analysis: Analysis | undefined): DriverOptions {
  if (!analysis || analysis.errors.length > 0) return settings.driver;
  const everyone = [...analysis.nodes.map((n) => n.name), ...analysis.inputs.map((i) => i.name)];
  const known = new Set(everyone);
  const chosen = Object.entries(settings.behaviors).filter(([name]) => known.has(name));
  const overridden = new Set(chosen.map(([name]) => name));
  const options: DriverOptions = { ...settings.driver };
  for (const list of LISTS) {
    const names = options[list];
    if (names === undefined || (names === true && overridden.size === 0)) continue;
    options[list] = (names === true ? everyone : names).filter((name) => known.has(name) && !overridden.has(name));
  }
  for (const [name, behavior] of chosen) {
    const current = options[behavior];
    options[behavior] = [...(current === true || current === undefined ? [] : current), name];
  }
  return options;
}
