import { afterEach, describe, expect, it } from "vitest";
import { getExample } from "../examples";
import { realmSessions } from "./testing";

const basics = getExample("basics")!;
const noHooks = () => undefined;
const sessions = realmSessions();
afterEach(sessions.closeAll);
const createSession = sessions.create;
const runBasics = (session: ReturnType<typeof createSession>, id: number, options = {}) =>
  session.run({ kind: "run", sources: [basics.source], outputs: basics.outputs, inputs: basics.inputs, overrides: {}, options }, id, noHooks).answer;

function statuses(outcome: Awaited<ReturnType<typeof runBasics>>): Record<string, string> {
  return Object.fromEntries((outcome.details?.record.nodes ?? []).map((n) => [n.name, n.status]));
}

describe("worker session", () => {
  it("runs, then serves from the cache, with the engine's log lines", async () => {
    const session = createSession();
    session.setBackend("memory", "session-test-1");
    const first = await runBasics(session, 1);
    expect(first.status).toBe("succeeded");
    expect(statuses(first)).toMatchObject({ raw_data: "executed", processed_data: "executed" });
    const second = await runBasics(session, 2);
    expect(statuses(second)).toMatchObject({ raw_data: "cached", processed_data: "cached" });
    expect(second.details?.log.filter((l) => l.info).map((l) => l.line)).toEqual([
      "raw_data::result_store::get_result::hit",
      "processed_data::result_store::get_result::hit",
    ]);
    const runs = await session.listRuns();
    expect(runs.map((r) => r.counts)).toEqual([
      { executed: 2, cached: 0, failed: 0 },
      { executed: 0, cached: 2, failed: 0 },
    ]);
  });

  it("manages the cache: usage, pin, evict (never pinned), retention", async () => {
    const session = createSession();
    session.setBackend("memory", "session-test-cache");
    await runBasics(session, 1);
    const usage = await session.manageCache({ op: "usage" });
    expect(usage.nodes.map((n) => n.node).sort()).toEqual(["processed_data", "raw_data"]);
    expect((await session.manageCache({ op: "pin", node: "raw_data", pinned: true })).results.pinned).toBe(1);
    const after = await session.manageCache({ op: "evict", criteria: {} });
    expect(after.nodes.map((n) => n.node)).toEqual(["raw_data"]);
    expect(statuses(await runBasics(session, 2))).toMatchObject({ raw_data: "cached", processed_data: "executed" });
    expect((await session.manageCache({ op: "pruneRuns", keep: 1 })).runs).toHaveLength(1);
  });

  it("previews a stored table by data version and decodes its key", async () => {
    const session = createSession();
    session.setBackend("memory", "session-test-2");
    const outcome = await runBasics(session, 1);
    const node = outcome.details!.record.nodes.find((n) => n.name === "processed_data")!;
    const page = await session.preview({ kind: "preview", dataVersion: node.dataVersion!, offset: 0, limit: 2 });
    expect(page).toMatchObject({ kind: "table", numRows: 5, offset: 0 });
    expect(page.kind === "table" && page.rows).toHaveLength(2);
    expect(session.decodeKey(node.cacheKey!)).toMatchObject({ nodeName: "processed_data" });
    await expect(session.preview({ kind: "preview", dataVersion: "fp1_nothing", offset: 0, limit: 2 })).resolves.toMatchObject({ kind: "missing" });
  });

  it("reports a failing node as an outcome with its record, and a syntax error as a rejection", async () => {
    const session = createSession();
    session.setBackend("memory", "session-test-3");
    const failing = await session.run(
      { kind: "run", sources: ["export function a() { return 1 }\nexport function b(a) { throw new Error('boom') }"], outputs: ["b"], inputs: {}, overrides: {}, options: {} },
      1,
      noHooks,
    ).answer;
    expect(failing).toMatchObject({ status: "failed", error: { code: "NODE_FAILED", details: { node: "b" } } });
    expect(statuses(failing)).toMatchObject({ a: "executed", b: "failed" });
    await expect(
      session.run({ kind: "run", sources: ["export function a( {"], outputs: ["a"], inputs: {}, overrides: {}, options: {} }, 2, noHooks).answer,
    ).rejects.toMatchObject({ code: "SYNTAX" });
  });

  it("keeps each memory cache when switching away and back", async () => {
    const session = createSession();
    session.setBackend("memory", "session-test-4");
    await runBasics(session, 1);
    session.setBackend("memory", "session-test-other");
    expect(await session.listRuns()).toHaveLength(0);
    session.setBackend("memory", "session-test-4");
    expect(await session.listRuns()).toHaveLength(1);
  });
});
