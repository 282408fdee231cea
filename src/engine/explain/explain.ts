import { SluiceError } from "../errors";
import type { RunNodeRecord } from "../stores/runRecord";
import type { CacheKey, DataVersion, RunId } from "../types";
import { changedParams, decodeCached } from "./keys";
import type { IndexedRun, RunIndex } from "./runIndex";
import { OWN_REASONS, type Change, type Explanation, type Reason } from "./types";

const ran = (node: RunNodeRecord) => node.status === "executed" || node.status === "failed";
const isGiven = (node: RunNodeRecord) => node.kind === "input" || node.status === "input" || node.status === "override";

/** The reason a node executed that is its own, by SPEC.md §11's precedence; undefined if only its dependencies changed. */
export function ownReason(node: RunNodeRecord, resultMissing: boolean, compared: RunNodeRecord | undefined): Reason | undefined {
  if (node.behavior === "recompute" || node.behavior === "disable" || node.behavior === "ignore") return node.behavior;
  if (resultMissing) return "result_missing";
  if (!compared?.cacheKey) return "new_node";
  if (decodeCached(compared.cacheKey).codeVersion !== decodeCached(node.cacheKey!).codeVersion) return "code_changed";
  return undefined;
}

/**
 * Why `name`'s data version in `run` differs from the one it had as of `base`: the inputs and
 * nodes where the change started. A node is a root when its own code or behaviour changed it, or
 * when its key did not change (external data, nondeterminism); otherwise its roots are upstream.
 */
function origins(index: RunIndex, run: IndexedRun, name: string, base: IndexedRun, memo: Map<string, string[]>): string[] {
  const id = `${name}\u0000${base.runId}`;
  const known = memo.get(id);
  if (known) return known;
  const node = run.nodes.get(name);
  let found: string[] = [name];
  const then = node && !isGiven(node) && node.cacheKey ? index.previousWithKey(name, base.runId, true) : undefined;
  const before = then?.nodes.get(name);
  if (node?.cacheKey && before?.cacheKey) {
    const own = (ran(node) && node.behavior !== "default") || decodeCached(node.cacheKey).codeVersion !== decodeCached(before.cacheKey).codeVersion;
    const upstream = changedParams(node.cacheKey, before.cacheKey).flatMap((p) => origins(index, run, p.name, then!, memo));
    found = own || upstream.length === 0 ? [name, ...upstream] : upstream;
  }
  memo.set(id, found);
  return found;
}

/**
 * Explains one node of a run from the run log alone: what it did, why, what changed since the
 * latest earlier run in which it had a key, and where those changes started.
 * @example explainNode(index, runId, "amount_per_country").causes // ["processed_data"]
 */
export function explainNode(index: RunIndex, runId: string, name: string): Explanation {
  const run = index.get(runId);
  if (!run) throw new SluiceError("BAD_OPTION", `No run ${runId} in this cache's run log`, { option: "runId" });
  const node = run.nodes.get(name);
  if (!node) throw new SluiceError("UNKNOWN_OUTPUT", `No node \`${name}\` in run ${runId}`, { node: name });
  const base = { node: name, runId: runId as RunId, status: node.status, codeChanged: false, changed: [] as Change[], causes: [] as string[] };
  if (node.status === "input" || node.status === "override" || node.status === "skipped" || !node.cacheKey) {
    return { ...base, reason: node.status === "override" ? "override" : node.status === "skipped" ? "skipped" : "input" };
  }
  const then = index.previousWithKey(name, runId);
  const compared = then?.nodes.get(name);
  const codeChanged = compared?.cacheKey !== undefined && decodeCached(compared.cacheKey).codeVersion !== decodeCached(node.cacheKey).codeVersion;
  const changed: Change[] = compared?.cacheKey
    ? changedParams(node.cacheKey, compared.cacheKey).map((p) => ({
        name: p.name,
        kind: run.nodes.get(p.name)?.kind === "input" ? "input" : "dependency",
        ...(p.before === undefined ? {} : { before: p.before as DataVersion }),
        after: p.after as DataVersion,
      }))
    : [];
  const comparedWith = then && compared?.cacheKey ? { comparedWith: { runId: then.runId as RunId, cacheKey: compared.cacheKey as CacheKey } } : {};
  if (!ran(node)) return { ...base, ...comparedWith, reason: "hit", codeChanged, changed, ...(node.from && { from: node.from }) };

  const own = ownReason(node, run.resultMissing.has(name), compared);
  const reason: Reason = own ?? (compared!.cacheKey !== node.cacheKey ? "upstream_changed" : "not_stored");
  const memo = new Map<string, string[]>();
  const upstream = then ? changed.flatMap((c) => origins(index, run, c.name, then, memo)) : [];
  const causes = [...new Set([...(OWN_REASONS.has(reason) ? [name] : []), ...upstream])].sort();
  return { ...base, ...comparedWith, reason, codeChanged, changed, causes, sameValue: node.sameValue === true };
}
