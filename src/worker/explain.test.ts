import { describe, expect, it } from "vitest";
import { getExample } from "../examples";
import { createSession } from "./session";

const basics = getExample("basics")!;
const noHooks = { onProgress: () => undefined, onEvent: () => undefined };
const request = { sources: [basics.source], outputs: basics.outputs, inputs: basics.inputs, overrides: {}, options: {} };

describe("worker session: plans and explanations", () => {
  it("plans before a run, explains after it, and plans hits next", async () => {
    const session = createSession();
    session.setBackend("memory", "explain-session-1");
    const plan = await session.plan({ kind: "plan", ...request });
    expect(Object.values(plan).map((step) => step.will)).toEqual(["execute", "execute"]);
    const outcome = await session.run({ kind: "run", ...request }, 1, noHooks);
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
