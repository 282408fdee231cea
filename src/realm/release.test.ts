import { afterEach, describe, expect, it } from "vitest";
import { createIndexedDbBackend, createMemoryBackend, type CacheBackend, type DataVersion, type StoredResult } from "../engine";
import type { RunOutcome } from "../worker/protocol";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

const source = `import * as aq from "arquero";
export function raw() {
  const n = 5000;
  return aq.table({ x: Array.from({ length: n }, (_, i) => i * 0.5), s: Array.from({ length: n }, (_, i) => "s" + (i % 7)) });
}
export function kept(raw) { return raw.filter((d) => d.x > 10); }
export function summary(kept) { return kept.rollup({ total: aq.op.sum("x"), n: aq.op.count() }).object(); }`;
const params = { sources: [source], outputs: ["kept", "summary"], inputs: {}, overrides: {}, options: {} };

/** The host's result writes, as the engine worker's side received them. */
function watchWrites(host: CacheBackend): StoredResult[] {
  const received: StoredResult[] = [];
  const setMany = host.resultStore.setMany!.bind(host.resultStore);
  host.resultStore.setMany = async (results) => {
    received.push(...results);
    return setMany(results);
  };
  return received;
}

async function twice(host: CacheBackend): Promise<[RunOutcome, RunOutcome, unknown, unknown]> {
  const made = createInProcessRealm();
  open.push(made);
  const first = await made.client.run(1, params, host, () => undefined).settled;
  const second = await made.client.run(2, params, host, () => undefined).settled;
  const version = (outcome: RunOutcome) => outcome.details!.record.nodes.find((n) => n.name === "kept")!.dataVersion! as DataVersion;
  const [a, b] = await Promise.all([first, second].map((o) => made.client.preview(version(o), 0, 3)));
  return [first, second, a, b];
}

const statuses = (outcome: RunOutcome) => Object.fromEntries((outcome.details?.record.nodes ?? []).map((n) => [n.name, n.status]));

describe("bytes moved to the engine worker for a write", () => {
  it("are released once an IndexedDB cache has written them, and read back the same", async () => {
    const host = createIndexedDbBackend(`release-${Date.now()}`);
    const received = watchWrites(host);
    const [first, second] = await twice(host);
    expect(first.status).toBe("succeeded");
    const bodies = received.filter((r) => r.bytes);
    expect(bodies.length).toBeGreaterThan(0);
    // Detached: zero-length now, their memory given back.
    for (const r of bodies) expect(r.bytes!.buffer.byteLength).toBe(0);
    expect(statuses(second)).toEqual({ raw: "cached", kept: "cached", summary: "cached" });
    // The stored copy is whole: the table read back equals the one computed.
    const version = first.details!.record.nodes.find((n) => n.name === "kept")!.dataVersion! as DataVersion;
    const read = (await host.resultStore.get(version)) as { numRows(): number; objects(): unknown[] };
    expect(read.numRows()).toBe(4979);
    expect(read.objects().slice(0, 2)).toEqual([{ x: 10.5, s: "s0" }, { x: 11, s: "s1" }]);
  });

  it("are kept by a memory cache, which stores the very bytes it is given", async () => {
    const host = createMemoryBackend(`release-memory-${Date.now()}`);
    const received = watchWrites(host);
    const [first, second] = await twice(host);
    expect(first.status).toBe("succeeded");
    const bodies = received.filter((r) => r.bytes);
    expect(bodies.length).toBeGreaterThan(0);
    for (const r of bodies) expect(r.bytes!.byteLength).toBe(r.byteLength);
    expect(statuses(second)).toEqual({ raw: "cached", kept: "cached", summary: "cached" });
    const version = first.details!.record.nodes.find((n) => n.name === "kept")!.dataVersion! as DataVersion;
    const read = (await host.resultStore.get(version)) as { numRows(): number };
    expect(read.numRows()).toBe(4979);
  });
});
