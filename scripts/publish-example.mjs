/**
 * Makes `published/changing-code.sluice`, the published demo the repository keeps: the tutorial's
 * "Changing code" step with its runs (the dataflow as it was, then with Canada's rate changed),
 * made by the engine itself. Run it again when the engine's versions change
 * (src/examples/published.test.ts says so): `node scripts/publish-example.mjs`.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "vite";

const server = await createServer({ server: { middlewareMode: true }, appType: "custom", logLevel: "error" });
try {
  const { Builder, createMemoryBackend, buildBundle } = await server.ssrLoadModule("/src/engine/index.ts");
  const { getExample } = await server.ssrLoadModule("/src/examples/index.ts");
  const before = getExample("adding-node");
  const example = getExample("changing-code");
  const backend = createMemoryBackend("publish-example");
  const run = async (source) => {
    const dr = await new Builder().withModules(source).withCache({ backend }).build();
    await dr.execute(example.outputs, { inputs: example.inputs });
    return dr.cache.lastRunId;
  };
  // The step as the tutorial tells it: the dataflow before, then with the rate changed (the last
  // run, which a visitor sees first: raw_data from the cache, the changed node and its dependant run).
  const runIds = [await run(before.source), await run(example.source)];
  const workspace = { source: example.source, inputs: { values: { ...example.inputs }, types: {} }, driver: {}, behaviors: {}, requested: [...example.outputs] };
  const { bytes, report } = await buildBundle(backend, { name: example.title, workspace, runIds });
  writeFileSync("published/changing-code.sluice", bytes);
  console.log(`published/changing-code.sluice: ${bytes.byteLength} bytes, ${report.runs} runs, ${report.results} results`);
} finally {
  await server.close();
}
