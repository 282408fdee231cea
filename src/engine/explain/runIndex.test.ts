import { describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, followRuns, indexedRuns, listRuns } from "../index";

describe("the run index plans are made from", () => {
  it("follows runs saved behind its back (another tab) once a listing shows them, and sends only the nodes asked for", async () => {
    const backend = createMemoryBackend("index-follow");
    const dr = await new Builder().withModules("export function a() { return 1; }\nexport function b(a) { return a + 1; }").withCache({ backend }).build();
    await dr.execute(["b"]);
    const record = await backend.runLog.get(dr.cache.lastRunId!);
    // Another tab's run: in the log, not in this index.
    await backend.runLog.put({ ...record!, runId: "other-tab" as never, startedAt: record!.startedAt + 1 });
    expect((await indexedRuns(backend, new Set(["a"]))).map((r) => r.runId)).toEqual([dr.cache.lastRunId]);
    await followRuns(backend, await listRuns(backend));
    const runs = await indexedRuns(backend, new Set(["a"]));
    expect(runs.map((r) => r.runId)).toEqual([dr.cache.lastRunId, "other-tab"]);
    expect(runs.every((r) => r.nodes.map((n) => n.name).join() === "a")).toBe(true);
  });
});
