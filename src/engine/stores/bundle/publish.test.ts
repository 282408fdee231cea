import "fake-indexeddb/auto";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { SOURCES } from "../../../examples/sources";
import { Builder, createMemoryBackend, withLayers, type CacheBackend, type Driver } from "../../index";
import { buildBundle } from "./export";
import { openPublished } from "./layer";
import { memoryBodyCache } from "./sources";

const rows = (table: unknown) => (table as { objects(): unknown[] }).objects();
const BOTH = ["processed_data", "amount_per_country"];
const CUTOFF = { cutoff_date: "2024-09-01" };
const WORKSPACE = { source: SOURCES.changingCode };

async function driver(backend: CacheBackend, layers: Awaited<ReturnType<typeof openPublished>>[] = []): Promise<Driver> {
  return new Builder().withModules(SOURCES.changingCode).withCache({ backend, layers }).build();
}

/** The author: two runs of "Changing code" (the second all hits), published. */
async function authored() {
  const backend = createMemoryBackend("author");
  const dr = await driver(backend);
  const values = await dr.execute(BOTH, { inputs: CUTOFF });
  await dr.execute(BOTH, { inputs: CUTOFF });
  const built = await buildBundle(backend, { name: "Changing code", workspace: WORKSPACE, runIds: dr.cache.runIds });
  return { backend, dr, values, ...built };
}

/** Rewrites one file of a zip (and, optionally, the manifest). */
function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  return zipSync(files);
}

describe("publishing a dataflow with its runs and results", () => {
  it("export → open → run: every published node hits, with the same values, logs and explanations", async () => {
    const { bytes, dr: author, values, report } = await authored();
    expect(report).toMatchObject({ runs: 2, results: 3, leftOut: [] });
    // The target: the tutorial's "Changing code" with its runs is a small file.
    expect(bytes.byteLength).toBeLessThan(50 * 1024);

    const layer = await openPublished(bytes);
    expect(layer.source).toBe("published:changing-code");
    const visitor = createMemoryBackend("visitor");
    const dr = await driver(visitor, [layer]);
    const results = await dr.execute(BOTH, { inputs: CUTOFF });
    expect(rows(results.amount_per_country)).toEqual(rows(values.amount_per_country));
    expect(dr.cache.events(dr.cache.lastRunId, { level: "info" }).map(String)).toEqual([
      "raw_data::result_store::get_result::hit::published:changing-code",
      "processed_data::result_store::get_result::hit::published:changing-code",
      "amount_per_country::result_store::get_result::hit::published:changing-code",
    ]);
    const runId = dr.cache.lastRunId!;
    for (const node of ["raw_data", "processed_data", "amount_per_country"]) {
      expect(dr.cache.dataVersions[runId][node]).toBe(author.cache.dataVersions[author.cache.lastRunId!][node]);
      expect(dr.cache.explain(node)).toMatchObject({ reason: "hit", from: "published:changing-code", causes: [] });
    }
    // The published runs are the history a visitor steps through, marked as published.
    const listed = await dr.cache.runLog.list();
    expect(listed.filter((r) => r.from === "published:changing-code").map((r) => r.runId)).toEqual(author.cache.runIds);
  });

  it("an input change executes only its dependants, and what the visitor computes is stored locally", async () => {
    const { bytes } = await authored();
    const layer = await openPublished(bytes);
    const visitor = createMemoryBackend("visitor");
    const dr = await driver(visitor, [layer]);
    await dr.execute(BOTH, { inputs: { cutoff_date: "2024-09-11" } });
    const run = dr.cache.lastRunId!;
    expect(dr.cache.viewRun(run).nodes.filter((n) => n.status === "executed").map((n) => n.id).sort()).toEqual(["amount_per_country", "processed_data"]);
    expect(dr.cache.explain("processed_data")).toMatchObject({ reason: "upstream_changed", causes: ["cutoff_date"] });
    expect(dr.cache.explain("raw_data")).toMatchObject({ reason: "hit", from: "published:changing-code" });
    const stored = await visitor.metadataStore.entries();
    expect(stored.map((e) => e.nodeName).sort()).toEqual(["amount_per_country", "processed_data"]);
  });

  it("a layer's entries are invisible to a driver without it", async () => {
    const { bytes } = await authored();
    const visitor = createMemoryBackend("visitor");
    await (await driver(visitor, [await openPublished(bytes)])).execute(BOTH, { inputs: CUTOFF });
    expect(await visitor.metadataStore.entries()).toEqual([]);
    expect(await visitor.resultStore.list()).toEqual([]);
    const other = await driver(visitor);
    await other.execute(BOTH, { inputs: CUTOFF });
    expect(other.cache.events(other.cache.lastRunId, { level: "info" }).map(String)).toEqual([
      "raw_data::adapter::execute_node",
      "processed_data::adapter::execute_node",
      "amount_per_country::adapter::execute_node",
    ]);
  });

  it("a flipped byte in a body is corrupt_result: never served, the node computes", async () => {
    const { bytes, manifest } = await authored();
    const path = manifest.results.find((r) => r.dataVersion === manifest.entries.find((e) => e.nodeName === "amount_per_country")!.dataVersion)!.path;
    const tampered = rezip(bytes, (files) => (files[path] = files[path].map((b, i) => (i === 40 ? b ^ 0xff : b))));
    const dr = await driver(createMemoryBackend("visitor"), [await openPublished(tampered)]);
    await dr.execute(BOTH, { inputs: CUTOFF });
    const lines = dr.cache.events(dr.cache.lastRunId, { level: "info" }).map(String);
    expect(lines).toContain("amount_per_country::result_store::corrupt_result");
    expect(lines).toContain("amount_per_country::adapter::execute_node");
  });

  it("a body that matches its checksum but not its data version is caught too", async () => {
    const { bytes, manifest, values } = await authored();
    const [a, b] = manifest.results;
    // The manifest swaps two results' data versions, checksums kept: each body is intact but lies about what it is.
    const lying = rezip(bytes, (files) => {
      const m = JSON.parse(strFromU8(files["manifest.json"]));
      [m.results[0].dataVersion, m.results[1].dataVersion] = [b.dataVersion, a.dataVersion];
      files["manifest.json"] = strToU8(JSON.stringify(m));
    });
    const dr = await driver(createMemoryBackend("visitor"), [await openPublished(lying)]);
    const results = await dr.execute(BOTH, { inputs: CUTOFF });
    const lines = dr.cache.events(dr.cache.lastRunId, { level: "info" }).map(String);
    expect(lines.filter((l) => l.endsWith("corrupt_result")).length).toBeGreaterThan(0);
    expect(rows(results.amount_per_country)).toEqual(rows(values.amount_per_country));
  });

  it("a lying or hostile manifest opens nothing and says why", async () => {
    const { bytes, manifest } = await authored();
    const withManifest = (change: (m: Record<string, unknown>) => void) =>
      rezip(bytes, (files) => {
        const m = JSON.parse(strFromU8(files["manifest.json"]));
        change(m);
        files["manifest.json"] = strToU8(JSON.stringify(m));
      });
    const missing = rezip(bytes, (files) => delete files[manifest.results[0].path]);
    await expect(openPublished(missing)).rejects.toThrow(/names 1 body the bundle does not hold/);
    await expect(openPublished(withManifest((m) => ((m.results as { path: string }[])[0].path = "../../etc/passwd")))).rejects.toThrow(/outside the bundle/);
    await expect(openPublished(withManifest((m) => ((m.results as { bytes: number }[])[0].bytes = 2 ** 31)))).rejects.toThrow(/manifest says|more than/);
    await expect(openPublished(withManifest((m) => (m.format = "something-else")))).rejects.toThrow(/not a Sluice bundle/);
    await expect(openPublished(strToU8("not a zip at all"))).rejects.toThrow(/not a readable zip|no manifest/);
    await expect(openPublished(bytes.slice(0, bytes.byteLength / 2))).rejects.toThrow(/This bundle cannot be opened/);
  });

  it("a folder on a static host: bodies fetched only when read, once, then kept", async () => {
    const { bytes, values } = await authored();
    const files = unzipSync(bytes);
    const asked: string[] = [];
    const host = async (url: string) => {
      const path = new URL(url).pathname.replace("/app/published/demo/", "");
      asked.push(path);
      return files[path] ? new Response(files[path]) : new Response("missing", { status: 404 });
    };
    const cache = memoryBodyCache();
    const open = () => openPublished("https://host.test/app/published/demo/", { fetch: host, cache });
    const dr = await driver(createMemoryBackend("visitor"), [await open()]);
    await dr.execute(["amount_per_country"], { inputs: CUTOFF });
    // Hits need only data versions: the one requested output is the one body fetched.
    expect(asked.filter((p) => p.startsWith("results/"))).toHaveLength(1);

    asked.length = 0;
    const offline = async (url: string): Promise<Response> => {
      asked.push(url);
      throw new TypeError("Failed to fetch");
    };
    const again = await openPublished("https://host.test/app/published/demo/", { fetch: offline, cache });
    const dr2 = await driver(createMemoryBackend("visitor2"), [again]);
    const results = await dr2.execute(["amount_per_country"], { inputs: CUTOFF });
    expect(rows(results.amount_per_country)).toEqual(rows(values.amount_per_country));
    expect(asked).toEqual(["https://host.test/app/published/demo/manifest.json"]);
  });

  it("files travel: files.read finds a published file when the visitor has none of that name", async () => {
    const source = `import * as aq from "arquero";
import { files } from "sluice";
export async function sales(): Promise<aq.ColumnTable> { return (await files.read("sales.csv")) as aq.ColumnTable; }
export function total(sales: aq.ColumnTable): number { return sales.rollup({ t: aq.op.sum("amount") }).get("t", 0); }
`;
    const author = createMemoryBackend("author");
    await author.files.write("sales.csv", new TextEncoder().encode("amount\n2\n3\n"));
    await author.files.write("unread.csv", new TextEncoder().encode("x\n1\n"));
    const dr = await new Builder().withModules(source).withCache({ backend: author }).build();
    await dr.execute(["total"]);
    const { bytes, report } = await buildBundle(author, { name: "Sales", workspace: { source }, runIds: dr.cache.runIds, results: "none" });
    expect(report).toMatchObject({ files: 1, results: 0 });

    const visitor = createMemoryBackend("visitor");
    const layered = await new Builder().withModules(source).withCache({ backend: visitor, layers: [await openPublished(bytes)] }).build();
    expect(await layered.execute(["total"])).toEqual({ total: 5 });
    // Read-only: the visitor's own file area holds nothing of it.
    expect(await visitor.files.list()).toEqual([]);
  });

  it("a visitor can publish again what they hit in a layer: the new bundle carries those results", async () => {
    const { bytes } = await authored();
    const visitor = createMemoryBackend("visitor");
    const dr = await driver(visitor, [await openPublished(bytes)]);
    await dr.execute(BOTH, { inputs: CUTOFF });
    const layered = withLayers(visitor, [await openPublished(bytes)]);
    const again = await buildBundle(layered, { name: "Again", workspace: WORKSPACE, runIds: [dr.cache.lastRunId!] });
    expect(again.report).toMatchObject({ results: 3, leftOut: [] });
    const third = await driver(createMemoryBackend("third"), [await openPublished(again.bytes)]);
    await third.execute(BOTH, { inputs: CUTOFF });
    expect(third.cache.viewRun(third.cache.lastRunId!).nodes.filter((n) => n.status === "executed")).toEqual([]);
  });
});
