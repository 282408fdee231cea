import { addGivens, checkInputs, checkOutputs, visitList } from "../runner";
import { keyOf, nodeBehavior, Run, sealVersion, type RunSettings } from "../runner/run";
import type { ExecuteOptions, NodeState } from "../runner/types";
import type { MetadataStore } from "../stores/types";
import type { CacheKey, CodeVersion, RunId } from "../types";
import { decodeCached } from "./keys";
import type { RunIndex } from "./runIndex";
import type { Plan, Reason } from "./types";

/** Why a node that will miss executes, judged against the latest run that gave it a key. */
function missReason(index: RunIndex, name: string, codeVersion: CodeVersion, cacheKey?: CacheKey): Reason | undefined {
  const last = index.previousWithKey(name)?.nodes.get(name)?.cacheKey;
  if (!last) return "new_node";
  if (decodeCached(last).codeVersion !== codeVersion) return "code_changed";
  if (cacheKey === undefined) return undefined;
  return last === cacheKey ? "not_stored" : "upstream_changed";
}

/** Node name and code version of every key the metadata holds for these nodes. */
async function keyedCode(store: MetadataStore, nodes: readonly string[]): Promise<Set<string>> {
  const entries = store.entriesFor ? await store.entriesFor(nodes) : await store.entries();
  return new Set(entries.map((e) => `${e.nodeName}\u0000${e.codeVersion}`));
}

/**
 * What a run with these outputs and values would do, node by node, from metadata alone: the
 * runner's own key making and look-ups, without executing, reading a result or writing anything.
 * A node whose dependency will execute `depends` on that value, unless it must execute whatever
 * the value is (its behaviour, or code no key in the metadata was made with).
 * @example await planRun(settings, index, ["amount_per_country"], { inputs }) // { raw_data: { will: "hit", ... } }
 */
export async function planRun(settings: Omit<RunSettings, "runId">, index: RunIndex, outputs: readonly string[], options: Pick<ExecuteOptions, "inputs" | "overrides">): Promise<Plan> {
  const run = new Run({ ...settings, runId: "plan" as RunId }, { inputs: options.inputs, overrides: options.overrides });
  checkOutputs(run, outputs);
  const { nodes, inputs } = visitList(run, outputs);
  checkInputs(run, inputs);
  if (settings.caching) await run.lookup.prefetch(nodes);
  await addGivens(run, inputs, new Set());
  const coded = settings.caching ? await keyedCode(settings.backend.metadataStore, nodes) : new Set<string>();
  const unknown = new Set<string>();
  const plan: Plan = {};
  /** Nodes planned so far that may store a result this run (their value unknown). */
  let storing = 0;
  for (const name of nodes) {
    const node = settings.program.flow.nodes.get(name)!;
    const behavior = nodeBehavior(run.settings, name);
    const state: NodeState = { name, kind: node.kind, behavior, status: "skipped", requested: false, codeVersion: node.codeVersion };
    run.states.set(name, state);
    if (behavior !== "default") {
      plan[name] = { will: "execute", reason: behavior };
      // `ignore` and `disable` stand in for the value in dependants' keys; recompute's value is unknown.
      if (behavior === "recompute") {
        unknown.add(name);
        storing++;
      } else sealVersion(state);
      continue;
    }
    if (node.params.some((p) => unknown.has(p.name))) {
      const certain = coded.has(`${name}\u0000${node.codeVersion}`) ? undefined : missReason(index, name, node.codeVersion);
      plan[name] = certain ? { will: "execute", reason: certain } : { will: "depends", reason: "upstream_changed" };
      unknown.add(name);
      storing++;
      continue;
    }
    const cacheKey = await keyOf(run, name);
    const dataVersion = await run.lookup.dataVersion(cacheKey);
    if (dataVersion && (await run.lookup.hasResult(dataVersion))) {
      plan[name] = { will: "hit", reason: "hit" };
      state.dataVersion = dataVersion;
      sealVersion(state);
      continue;
    }
    // Results are shared by value: a node executing earlier in this run may store the very
    // result this key lacks (another node returning the same value), and then this one hits.
    if (dataVersion) plan[name] = { will: storing > 0 ? "depends" : "execute", reason: "result_missing" };
    else plan[name] = { will: "execute", reason: missReason(index, name, node.codeVersion, cacheKey)! };
    unknown.add(name);
    storing++;
  }
  return plan;
}
