import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend, type CacheBackend } from "../engine";
import type { RunOutcome } from "../worker/protocol";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

function realm() {
  const made = createInProcessRealm();
  open.push(made);
  return made.client;
}

const source = `import * as aq from "arquero";
export function raw() { return aq.table({ x: [1, 2, 3] }); }
export function total(raw) { return raw.rollup({ s: aq.op.sum("x") }).get("s", 0); }`;
const params = { sources: [source], outputs: ["total"], inputs: {}, overrides: {}, options: {} };
const none = () => undefined;

/** A host backend whose result writes wait until `open()`: a slow disk, under the test's control. */
function slowDisk(name: string): { host: CacheBackend; open(): void } {
  const host = createMemoryBackend(name);
  let opened!: () => void;
  const gate = new Promise<void>((resolve) => (opened = resolve));
  const setMany = host.resultStore.setMany!.bind(host.resultStore);
  host.resultStore.setMany = async (results) => {
    await gate;
    return setMany(results);
  };
  return { host, open: () => opened() };
}

const statuses = (outcome: RunOutcome) => Object.fromEntries((outcome.details?.record.nodes ?? []).map((n) => [n.name, n.status]));
/** Whether a promise has settled by the time the tasks queued so far have run. */
async function settledYet(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
}

describe("a run's tail: answered first, stored after", () => {
  it("answers with values and statuses while its results are still being written", async () => {
    const client = realm();
    const disk = slowDisk("tail-answer");
    const call = client.run(1, params, disk.host, none);
    const answer = await call.answer;
    expect(answer.status).toBe("succeeded");
    expect(statuses(answer)).toEqual({ raw: "executed", total: "executed" });
    expect(await disk.host.resultStore.list()).toEqual([]);
    expect(await disk.host.metadataStore.entries()).toEqual([]);
    expect(await settledYet(call.settled)).toBe(false);
    disk.open();
    const settled = await call.settled;
    expect(settled.status).toBe("succeeded");
    expect(await disk.host.resultStore.list()).toHaveLength(2);
    expect(await disk.host.metadataStore.entries()).toHaveLength(2);
    // The final record is the one saved, with the writes it names.
    expect((await disk.host.runLog.list()).map((r) => r.status)).toEqual(["succeeded"]);
    expect(settled.details?.log.map((l) => l.eventType)).toContain("set_result");
  });

  it("the next run, a plan and reads of the cache wait for the tail; the next run then hits", async () => {
    const client = realm();
    const disk = slowDisk("tail-next");
    await client.run(1, params, disk.host, none).answer;
    const second = client.run(2, params, disk.host, none);
    const plan = client.plan(params, disk.host);
    const reads = client.settled();
    expect(await settledYet(second.answer)).toBe(false);
    expect(await settledYet(plan)).toBe(false);
    expect(await settledYet(reads)).toBe(false);
    disk.open();
    expect(statuses(await second.answer)).toEqual({ raw: "cached", total: "cached" });
    expect(Object.values(await plan).map((step) => step.will)).toEqual(["hit", "hit"]);
    await reads;
    expect(await disk.host.runLog.list()).toHaveLength(2);
  });

  it("a full disk in the tail: the answer said succeeded, the settled outcome and the saved record say STORAGE", async () => {
    const client = realm();
    const host = createMemoryBackend("tail-full");
    host.resultStore.setMany = async () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    const call = client.run(1, params, host, none);
    expect((await call.answer).status).toBe("succeeded");
    const settled = await call.settled;
    expect(settled).toMatchObject({ status: "failed", error: { code: "STORAGE" } });
    expect(settled.details?.record.status).toBe("failed");
    expect((await host.runLog.list()).map((r) => [r.status, r.error?.code])).toEqual([["failed", "STORAGE"]]);
    // No key points at a result that was never stored.
    expect(await host.metadataStore.entries()).toEqual([]);
    // The values were computed all the same: still previewable from the realm.
    const total = settled.details!.record.nodes.find((n) => n.name === "total")!.dataVersion!;
    await expect(client.preview(total, 0, 10)).resolves.toMatchObject({ kind: "value", json: "6" });
  });

  it("stopping a run that waits for the tail answers it at once; the tail still completes", async () => {
    const client = realm();
    const disk = slowDisk("tail-stop");
    await client.run(1, params, disk.host, none).answer;
    const second = client.run(2, params, disk.host, none);
    expect(client.cancel(2)).toBe(true);
    expect(await second.answer).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    disk.open();
    await client.settled();
    expect(await disk.host.metadataStore.entries()).toHaveLength(2);
    expect((await disk.host.runLog.list()).map((r) => r.status)).toEqual(["succeeded"]);
  });

  it("sends large bodies as they are made, and the keys only once every result is stored", async () => {
    const client = realm();
    const host = createMemoryBackend("tail-stream");
    const calls: string[] = [];
    const setResults = host.resultStore.setMany!.bind(host.resultStore);
    host.resultStore.setMany = async (results) => {
      calls.push(`results ${results.length}`);
      return setResults(results);
    };
    const setKeys = host.metadataStore.setMany!.bind(host.metadataStore);
    host.metadataStore.setMany = async (entries) => {
      calls.push(`keys ${entries.length}`);
      return setKeys(entries);
    };
    // Two tables of 200,000 doubles: 1.6 MB each as Arrow.
    const big = `import * as aq from "arquero";
export function a() { return aq.table({ x: Float64Array.from({ length: 200000 }, (_, i) => i * 0.5) }); }
export function b(a) { return a.derive({ y: (d) => d.x * 2 }).select("y"); }`;
    const call = client.run(1, { ...params, sources: [big], outputs: ["b"] }, host, none);
    expect((await call.settled).status).toBe("succeeded");
    expect(calls).toEqual(["results 1", "results 1", "keys 2"]);
  });
});
