import type { Change } from "../../engine";
import type { Explanation, RunRecord } from "../../worker/protocol";
import { formatDuration } from "../common/status";
import { PLAN_LOOK, reasonLook } from "../common/reasons";
import { explainStore, selectExplanations, selectPlan } from "../state/explain";
import { historyStore, selectRuns } from "../state/history";
import { selectNode } from "../state/selection";
import { useStore } from "../state/store";
import { useRunDetails } from "../history/useRunDetails";
import type { NodeFacts } from "./useNodeFacts";
import { useSmallValue } from "./useSmallValue";

const short = (version: string | undefined) => (version === undefined ? "none" : version.length > 12 ? `${version.slice(0, 10)}…` : version);

/** A small input value as text; anything long is left to its data version. */
function smallValue(record: RunRecord | undefined, name: string): string | undefined {
  if (!record || !Object.hasOwn(record.inputs, name)) return undefined;
  const text = JSON.stringify(record.inputs[name]);
  return text !== undefined && text.length <= 40 ? text : undefined;
}

function ChangeLine({ change, before, after }: { change: Change; before?: RunRecord; after?: RunRecord }) {
  const storedBefore = useSmallValue(change.kind === "dependency" ? change.before : undefined);
  const storedAfter = useSmallValue(change.kind === "dependency" ? change.after : undefined);
  const was = change.kind === "input" ? smallValue(before, change.name) : storedBefore;
  const now = change.kind === "input" ? smallValue(after, change.name) : storedAfter;
  return (
    <li data-testid={`changed-${change.name}`}>
      <span className="sl-mono">{change.name}</span> <span className="sl-muted">({change.kind})</span>:{" "}
      <span className="sl-mono" title={`${change.before ?? "none"} → ${change.after}`}>
        {was ?? short(change.before)} → {now ?? short(change.after)}
      </span>
    </li>
  );
}

/** Why the selected node hit or executed (a finished run), or what the next run will do (the draft). */
export function ExplanationView({ facts, record, onShowDiff }: { facts: NodeFacts; record: RunRecord | undefined; onShowDiff(compared: RunRecord): void }) {
  const explanations = useStore(explainStore, selectExplanations);
  const plan = useStore(explainStore, selectPlan);
  const runs = useStore(historyStore, selectRuns);
  const explained = facts.runId ? explanations[facts.runId] : undefined;
  const why: Explanation | undefined = explained?.nodes[facts.name];
  const compared = useRunDetails(why?.comparedWith?.runId)?.record;

  if (facts.source === "draft") {
    const step = plan?.[facts.name];
    if (!step) return null;
    return (
      <section className="sl-explain" data-testid="explanation" data-plan={step.will}>
        <strong>Next run: {PLAN_LOOK[step.will].short}</strong>
        {step.will === "execute" && <span> ({reasonLook(step.reason).short})</span>}
        <p className="sl-muted">{step.will === "execute" ? reasonLook(step.reason).sentence : PLAN_LOOK[step.will].title}</p>
      </section>
    );
  }
  if (!why || facts.source !== "run") return null;
  const runNumber = (runId: string) => runs.findIndex((r) => r.runId === runId) + 1;
  const credit = explained?.credit[facts.name];
  return (
    <section className="sl-explain" data-testid="explanation" data-reason={why.reason}>
      <strong>Why: {reasonLook(why.reason).short}</strong>
      <p className="sl-muted">{reasonLook(why.reason).sentence}</p>
      {why.comparedWith && (
        <p>
          Compared with {runNumber(why.comparedWith.runId) > 0 ? `run #${runNumber(why.comparedWith.runId)}` : "an earlier run"}
          {why.codeChanged && compared && (
            <>
              {" · "}
              <button type="button" className="sl-link" data-testid="code-diff-open" onClick={() => onShowDiff(compared)}>
                show the code diff
              </button>
            </>
          )}
        </p>
      )}
      {why.changed.length > 0 && (
        <>
          <div>Changed since then:</div>
          <ul className="sl-explain-list">
            {why.changed.map((change) => (
              <ChangeLine key={change.name} change={change} before={compared} after={record} />
            ))}
          </ul>
        </>
      )}
      {why.causes.length > 0 && (
        <div data-testid="explanation-causes">
          Root cause{why.causes.length > 1 ? "s" : ""}:{" "}
          {why.causes.map((cause) => (
            <button key={cause} type="button" className="sl-cause-chip sl-mono" onClick={() => selectNode(cause)}>
              {cause}
            </button>
          ))}
        </div>
      )}
      {why.sameValue && (
        <p data-testid="explanation-same-value">
          Same value as before (early cutoff)
          {credit && credit.nodes.length > 0 && `: saved ${credit.nodes.length} node${credit.nodes.length === 1 ? "" : "s"}, ${formatDuration(credit.durationMs)} (${credit.nodes.join(", ")})`}
        </p>
      )}
    </section>
  );
}
