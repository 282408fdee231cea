import type { Reason } from "../../engine";
import { assertNever } from "../../engine/errors";

/** A reason in a word or two, for the graph; `sentence` for the details panel. */
export function reasonLook(reason: Reason): { short: string; sentence: string } {
  switch (reason) {
    case "hit":
      return { short: "hit", sentence: "Its key had a stored result." };
    case "new_node":
      return { short: "new node", sentence: "No earlier run in this cache had a key for this node." };
    case "code_changed":
      return { short: "code changed", sentence: "Its code changed since the compared run." };
    case "upstream_changed":
      return { short: "upstream changed", sentence: "Same code, but an input or a dependency has a new value." };
    case "recompute":
      return { short: "recompute", sentence: "Its behaviour is recompute: it always executes." };
    case "disable":
      return { short: "disabled", sentence: "Its behaviour is disable: nothing is looked up or stored." };
    case "ignore":
      return { short: "ignored", sentence: "Its behaviour is ignore: it executes and stays out of its dependants' keys." };
    case "result_missing":
      return { short: "result missing", sentence: "Its key was found, but the result was gone (cleared, evicted or damaged)." };
    case "not_stored":
      return { short: "not stored", sentence: "Same key as the compared run, but nothing was stored under it." };
    case "input":
      return { short: "input", sentence: "An input of the run." };
    case "override":
      return { short: "override", sentence: "Given as an override for this run." };
    case "skipped":
      return { short: "not needed", sentence: "No requested output needed it." };
    default:
      return assertNever(reason, "reason");
  }
}

export const PLAN_LOOK = {
  hit: { short: "will hit", title: "Its key has a stored result: it will come from the cache." },
  execute: { short: "will run", title: "It will execute." },
  depends: { short: "depends", title: "An upstream node will execute: this one hits only if that returns a value seen before." },
} as const;
