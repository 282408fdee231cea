import { afterEach, describe, expect, it } from "vitest";
import { getExample } from "../examples";
import { realmSessions } from "./testing";

const sessions = realmSessions();
afterEach(sessions.closeAll);
const createSession = sessions.create;

const basics = getExample("basics")!;
const noHooks = () => undefined;
const request = { sources: [basics.source], outputs: basics.outputs, inputs: basics.inputs, overrides: {}, options: {} };

describe("worker session: plans and explanations", () => {
  it("plans before a run, explains after it, and plans hits next", async () => {
    const session = createSession();
    session.setBackend("memory", "explain-session-1");
    const plan = await session.plan({ kind: "plan", ...request });
    expect(Object.values(plan).map((step) => step.will)).toEqual(["execute", "execute"]);
    const outcome = await session.run({ kind: "run", ...request }, 1, noHooks).answer;
    const runId = outcome.details!.record.runId;
    const explained = await session.explain(runId);
    expect(explained?.nodes.raw_data).toMatchObject({ reason: "new_node", causes: ["raw_data"] });
    expect(explained?.causes).toEqual(["processed_data", "raw_data"]);
    const next = await session.plan({ kind: "plan", ...request });
    expect(Object.values(next).map((step) => step.will)).toEqual(["hit", "hit"]);
  });

  it("plans without a cache: everything executes, disabled", async () => {
    const session = createSession();
    session.setBackend("memory", "explain-session-2");
    const plan = await session.plan({ kind: "plan", ...request, options: { caching: false } });
    expect(Object.values(plan)).toEqual([{ will: "execute", reason: "disable" }, { will: "execute", reason: "disable" }]);
  });
});

describe("worker session: value diffs", () => {
  it("diffs two stored tables of a node, and says when one is not stored", async () => {
    const session = createSession();
    session.setBackend("memory", "explain-session-3");
    const first = await session.run({ kind: "run", ...request }, 1, noHooks).answer;
    const second = await session.run({ kind: "run", ...request, inputs: { cutoff_date: "2024-09-11" } }, 2, noHooks).answer;
    const version = (outcome: typeof first) => outcome.details!.record.nodes.find((n) => n.name === "processed_data")!.dataVersion!;
    const diff = await session.diffValues({ kind: "diffValues", before: version(first), after: version(second), key: "cities" });
    expect(diff).toMatchObject({ kind: "table", rows: { before: 5, after: 2 }, by: { key: "cities" }, changedRows: 0, removedRows: 3 });
    expect(await session.diffValues({ kind: "diffValues", before: "fp1_nope", after: version(second) })).toMatchObject({ kind: "missing" });
  });
});
