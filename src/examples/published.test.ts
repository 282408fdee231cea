import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, openPublished } from "../engine";
import { getExample } from ".";

// The demo the built app opens on a first visit (published/, vite.published.ts).
const bundle = new Uint8Array(readFileSync(new URL("../../published/changing-code.sluice", import.meta.url)));
const example = getExample("changing-code")!;

describe("the published demo in the repository", () => {
  it("is small, and a run of its dataflow hits every node from it (else: node scripts/publish-example.mjs)", async () => {
    expect(bundle.byteLength).toBeLessThan(50 * 1024);
    const layer = await openPublished(bundle);
    expect(layer.manifest.name).toBe(example.title);
    expect(layer.runs.length).toBeGreaterThanOrEqual(2);
    const dr = await new Builder().withModules(example.source).withCache({ backend: createMemoryBackend("demo-check"), layers: [layer] }).build();
    await dr.execute(example.outputs, { inputs: example.inputs });
    const nodes = dr.cache.viewRun(dr.cache.lastRunId!).nodes.filter((n) => n.kind !== "input");
    expect(nodes.map((n) => [n.id, n.status])).toEqual(nodes.map((n) => [n.id, "cached"]));
  });
});
