import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { getExample } from "../examples";
import { realmSessions } from "./testing";

const example = getExample("changing-code")!;
const sessions = realmSessions();
afterEach(sessions.closeAll);
const noHooks = () => undefined;
const run = (session: ReturnType<typeof sessions.create>, id: number, inputs = example.inputs) =>
  session.run({ kind: "run", sources: [example.source], outputs: example.outputs, inputs, overrides: {}, options: {} }, id, noHooks).answer;

describe("published workspaces in the worker session", () => {
  it("a visitor sees the published runs and previews before running, then a run hits them all", async () => {
    const author = sessions.create();
    author.setBackend("memory", "published-author");
    await run(author, 1);
    await run(author, 3, { cutoff_date: "2024-09-10" });
    const runIds = (await author.listRuns()).map((r) => r.runId);
    const { bytes, report } = await author.exportBundle({ kind: "exportBundle", name: "Demo", workspace: { source: example.source }, runIds, results: "requested", files: "read" });
    expect(report.leftOut).toEqual([]);

    const visitor = sessions.create();
    visitor.setBackend("memory", "published-visitor");
    const summary = await visitor.openPublished({ kind: "openPublished", bytes });
    expect(summary).toMatchObject({ slug: "demo", name: "Demo", workspace: { source: example.source } });
    expect(summary.id).toMatch(/^bundle:demo-/);
    expect(await visitor.listRuns()).toEqual([]);

    await visitor.setLayers([summary.id]);
    const listed = await visitor.listRuns();
    expect(listed.map((r) => [r.runId, r.source])).toEqual(runIds.map((id) => [id, "published"]));
    expect(runIds).toHaveLength(2);
    const details = await visitor.loadRun(runIds[0]);
    const output = details!.record.nodes.find((n) => n.name === example.outputs[0])!;
    // Previewed from the layer: decoded as data, nothing of the code ran.
    expect(await visitor.preview({ kind: "preview", dataVersion: output.dataVersion!, offset: 0, limit: 5 })).toMatchObject({ kind: "table" });

    // Two published runs compare like any two: their values are read from the layer.
    const second = await visitor.loadRun(runIds[1]);
    const output2 = second!.record.nodes.find((n) => n.name === example.outputs[0])!;
    expect(await visitor.diffValues({ kind: "diffValues", before: output.dataVersion!, after: output2.dataVersion! })).not.toMatchObject({ kind: "missing" });

    const outcome = await run(visitor, 2);
    const nodes = outcome.details!.record.nodes.filter((n) => n.kind !== "input");
    expect(nodes.every((n) => n.status === "cached" && n.from === "published:demo")).toBe(true);

    // Without the layer, the visitor's cache holds nothing of it.
    await visitor.setLayers([]);
    expect((await visitor.listRuns()).map((r) => r.source)).toEqual([undefined]);
  });
});
