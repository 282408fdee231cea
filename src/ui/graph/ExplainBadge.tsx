import { PLAN_LOOK, reasonLook } from "../common/reasons";
import type { GraphNodeModel } from "../state/graphModel";

/** Why a run's node did what it did, or what the next run will do with it, in a word or two. */
export function ExplainBadge({ data }: { data: GraphNodeModel }) {
  if (data.plan) {
    const look = PLAN_LOOK[data.plan];
    const why = data.plan === "execute" && data.planReason ? ` (${reasonLook(data.planReason).short})` : "";
    return (
      <span className={`sl-plan-badge sl-plan-${data.plan}`} title={look.title}>
        {look.short}
        {why}
      </span>
    );
  }
  if (!data.reason || data.reason === "input" || data.reason === "skipped" || data.reason === "hit") {
    return data.sameValue ? <SameValue saved={data.saved} /> : null;
  }
  return (
    <>
      <span className={`sl-reason-badge${data.cause ? " sl-reason-cause" : ""}`} title={reasonLook(data.reason).sentence}>
        {reasonLook(data.reason).short}
      </span>
      {data.sameValue && <SameValue saved={data.saved} />}
    </>
  );
}

function SameValue({ saved }: { saved: number | undefined }) {
  const credit = saved ? `, saved ${saved} node${saved === 1 ? "" : "s"}` : "";
  return (
    <span className="sl-same-value" data-testid="same-value" title="Returned a value the cache already held: its dependants could hit (early cutoff)">
      same value{credit}
    </span>
  );
}
