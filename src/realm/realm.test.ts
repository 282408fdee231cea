import { logLine } from "../worker/details";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryBackend, setCacheLimit, type DataVersion, type RunRecord, type StoredResult } from "../engine";
import type { FetchedBytes, FromHost } from "./protocol";
import { createRemoteBackend } from "./remoteBackend";
import { serveBackend, type NetworkBroker } from "./serveBackend";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

function realm(network?: NetworkBroker) {
  const made = createInProcessRealm(network);
  open.push(made);
  return made.client;
}

/** A remote backend in this process, served from `host` over a real MessageChannel. */
function linked(host = createMemoryBackend("host")) {
  const channel = new MessageChannel();
  serveBackend(channel.port1, host);
  const remote = createRemoteBackend(channel.port2, host.kind, host.name);
  open.push({ close: () => (remote.close(), channel.port1.close()) });
  return { host, remote: remote.backend, port: channel.port2 };
}

const source = `import * as aq from "arquero";
export function raw() { return aq.table({ x: [1, 2, 3] }); }
export function total(raw) { return raw.rollup({ s: aq.op.sum("x") }).get("s", 0); }`;

const runParams = (sources: string[], outputs: string[]) => ({ sources, outputs, inputs: {}, overrides: {}, options: {} });
const statuses = (outcome: Awaited<ReturnType<ReturnType<typeof realm>["run"]>["answer"]>) =>
  Object.fromEntries((outcome.details?.record.nodes ?? []).map((n) => [n.name, n.status]));

describe("compute realm", () => {
  it("runs against the engine worker's backend: results, keys and the final record land there", async () => {
    const client = realm();
    const host = createMemoryBackend("realm-test");
    const progress: string[] = [];
    const first = await client.run(1, runParams([source], ["total"]), host, (items) => progress.push(...items.map((p) => `${p.node}:${p.status}`))).settled;
    expect(first.status).toBe("succeeded");
    expect(progress).toContain("total:executed");
    expect(await host.metadataStore.entries()).toHaveLength(2);
    expect(await host.resultStore.list()).toHaveLength(2);
    expect((await host.runLog.list()).map((r) => r.status)).toEqual(["succeeded"]);
    const second = await client.run(2, runParams([source], ["total"]), host, () => undefined).answer;
    expect(statuses(second)).toEqual({ raw: "cached", total: "cached" });
    const totalVersion = second.details!.record.nodes.find((n) => n.name === "total")!.dataVersion!;
    await expect(client.preview(totalVersion, 0, 10)).resolves.toMatchObject({ kind: "value", json: "6" });
  });

  it("keeps the cache's size limit after a run in the realm: least recently used results go, the run's own stay", async () => {
    const client = realm();
    const host = createMemoryBackend("limit-test");
    const sized = (n: number) => `import * as aq from "arquero";
export function raw() { return aq.table({ x: Float64Array.from({ length: 20000 }, (_, i) => i * ${n}) }); }`;
    await setCacheLimit(host, 200_000); // each result is ~160 KB: one fits
    for (const n of [1, 2, 3]) expect((await client.run(n, runParams([sized(n)], ["raw"]), host, () => undefined).settled).status).toBe("succeeded");
    const kept = await host.resultStore.list();
    expect(kept).toHaveLength(1);
    const last = (await host.runLog.list()).at(-1)!;
    expect(kept[0].dataVersion).toBe(last.nodes.find((n) => n.name === "raw")!.dataVersion);
  });

  it("keeps a run without caching out of the backend, history included", async () => {
    const host = createMemoryBackend("no-cache-test");
    const outcome = await realm().run(1, { ...runParams([source], ["total"]), options: { caching: false } }, host, () => undefined).settled;
    expect(outcome.status).toBe("succeeded");
    expect(await host.runLog.list()).toEqual([]);
    expect(await host.resultStore.list()).toEqual([]);
  });

  it("fails fetchTable with NETWORK_DENIED naming the URL when the broker refuses", async () => {
    const client = realm();
    const code = `import { fetchTable } from "sluice";\nexport async function remote() { return await fetchTable("https://data.example/t.csv"); }`;
    const outcome = await client.run(1, runParams([code], ["remote"]), createMemoryBackend("deny"), () => undefined).answer;
    expect(outcome).toMatchObject({ status: "failed", error: { code: "NETWORK_DENIED", details: { node: "remote" } } });
    expect(outcome.status === "failed" && outcome.error.message).toContain("https://data.example/t.csv");
  });

  it("reads an allowed URL through the broker as a table", async () => {
    const bytes = new TextEncoder().encode("city,n\nOslo,3\n").buffer as ArrayBuffer;
    const broker: NetworkBroker = async (url): Promise<FetchedBytes> => ({ url, status: 200, statusText: "OK", contentType: "text/csv", bytes });
    const client = realm(broker);
    const code = `import { fetchTable } from "sluice";\nexport async function remote() { return await fetchTable("https://data.example/t.csv"); }`;
    const outcome = await client.run(1, runParams([code], ["remote"]), createMemoryBackend("allow"), () => undefined).answer;
    expect(outcome.status).toBe("succeeded");
    const dataVersion = outcome.details!.record.nodes.find((n) => n.name === "remote")!.dataVersion!;
    await expect(client.preview(dataVersion, 0, 10)).resolves.toMatchObject({ kind: "table", numRows: 1 });
  });
});

/** Counts the realm's `runMetadata` calls to the engine worker (messages on a backend port). */
function countMetadataCalls(): { count(): number } {
  const post = MessagePort.prototype.postMessage;
  let calls = 0;
  const spy = vi.spyOn(MessagePort.prototype, "postMessage").mockImplementation(function (this: MessagePort, message: unknown, ...rest: unknown[]) {
    if ((message as { call?: { method?: string } } | null)?.call?.method === "runMetadata") calls++;
    return (post as (...args: unknown[]) => void).call(this, message, ...rest);
  });
  open.push({ close: () => spy.mockRestore() });
  return { count: () => calls };
}

describe("a run's metadata read ahead by the engine worker", () => {
  it("gives a repeated run its metadata with the request: the realm asks for none, and every node hits", async () => {
    const client = realm();
    const host = createMemoryBackend("ahead");
    const calls = countMetadataCalls();
    await client.run(1, runParams([source], ["total"]), host, () => undefined).settled;
    expect(calls.count()).toBe(1);
    const second = await client.run(2, runParams([source], ["total"]), host, () => undefined).settled;
    expect(statuses(second)).toEqual({ raw: "cached", total: "cached" });
    expect(calls.count()).toBe(1);
  });

  it("asks when the run needs nodes it was not read for, and misses none of their keys", async () => {
    const client = realm();
    const host = createMemoryBackend("ahead-cover");
    const calls = countMetadataCalls();
    await client.run(1, runParams([source], ["raw"]), host, () => undefined).settled;
    // Read ahead for `raw` only (what the last run asked for): `total` must be asked for.
    const second = await client.run(2, runParams([source], ["total"]), host, () => undefined).settled;
    expect(statuses(second)).toEqual({ raw: "cached", total: "executed" });
    expect(calls.count()).toBe(2);
    // A run of fewer nodes than were read is served from the read.
    await client.run(3, runParams([source], ["raw"]), host, () => undefined).settled;
    expect(calls.count()).toBe(2);
  });

  it("is read once the run before has settled, from the cache as it is then: cleared in between, nothing hits", async () => {
    const client = realm();
    const host = createMemoryBackend("ahead-cleared");
    await client.run(1, runParams([source], ["total"]), host, () => undefined).settled;
    await host.metadataStore.deleteAll();
    await host.resultStore.deleteAll();
    const second = await client.run(2, runParams([source], ["total"]), host, () => undefined).settled;
    expect(statuses(second)).toEqual({ raw: "executed", total: "executed" });
    const third = await client.run(3, runParams([source], ["total"]), host, () => undefined).settled;
    expect(statuses(third)).toEqual({ raw: "cached", total: "cached" });
  });
});

describe("a run's record between the realm and the engine worker", () => {
  it("lists its events in the run's node order, as the engine does, though its writes came after both visits", async () => {
    const client = realm();
    const host = createMemoryBackend("order");
    const outcome = await client.run(1, runParams([source], ["total"]), host, () => undefined).settled;
    const saved = (await host.runLog.get(outcome.details!.record.runId))!;
    const events = saved.events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType}`);
    // raw's writes are held until total is computed, and listed with raw all the same.
    expect(events.indexOf("raw result_store set_result")).toBeLessThan(events.indexOf("total adapter resolve_behavior"));
    expect(outcome.details!.log.map((l) => l.line)).toEqual(saved.events.map((e) => logLine(e).line));
  });

  it("crosses without its events and modules, and is whole again in the answer, the final record and history", async () => {
    const sent: { type: string; record?: Record<string, unknown>; events?: unknown[] }[] = [];
    const post = MessagePort.prototype.postMessage;
    const spy = vi.spyOn(MessagePort.prototype, "postMessage").mockImplementation(function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: string; value?: { record?: Record<string, unknown> }; events?: unknown[] } | null;
      if (m?.type === "answer" || m?.type === "result") sent.push({ type: m.type, record: m.value?.record });
      if (m?.type === "updates") sent.push({ type: m.type, events: m.events });
      const c = (message as { call?: { target?: string; args?: { modules?: unknown }[] } } | null)?.call;
      if (c?.target === "runLog") sent.push({ type: "start", record: c.args?.[0] as Record<string, unknown> });
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    });
    open.push({ close: () => spy.mockRestore() });
    const client = realm();
    const host = createMemoryBackend("whole-record");
    const puts: RunRecord[] = [];
    const put = host.runLog.put.bind(host.runLog);
    host.runLog.put = (record) => (puts.push(structuredClone(record)), put(record));
    const lines: string[] = [];
    const call = client.run(1, runParams([source], ["total"]), host, (_progress, logs) => lines.push(...logs.map((l) => l.line)));
    const answer = await call.answer;
    const settled = await call.settled;
    const records = sent.filter((m) => m.record && m.type !== "start");
    expect(records.map((m) => m.type)).toEqual(["answer", "result"]);
    for (const { record } of records) expect(Object.keys(record!)).not.toContain("events");
    for (const { record } of records) expect(Object.keys(record!)).not.toContain("modules");
    expect(sent.filter((m) => m.type === "start").map((m) => m.record?.modules)).toEqual([[]]);
    const eventsSent = sent.flatMap((m) => m.events ?? []).length;
    const [saved] = await host.runLog.list();
    // The final record: every event the realm sent, once, and the modules run.
    expect(saved.modules).toEqual([source]);
    expect(saved.events).toHaveLength(eventsSent);
    expect(saved.events.map((e) => e.eventType)).toContain("set_result");
    expect(settled.details?.record).toEqual(saved);
    // Printed as they came, then listed in the record's order: raw's held writes with raw.
    expect(settled.details?.log.map((l) => l.line)).toEqual(saved.events.map((e) => logLine(e).line));
    expect([...lines].sort()).toEqual(settled.details!.log.map((l) => l.line).sort());
    // The answer's: the events before it (no storage yet), its log printed from them.
    const early = answer.details!.record;
    expect(early.modules).toEqual([source]);
    const stored = (e: { actor: string; eventType: string }) => (e.actor === "result_store" && e.eventType === "set_result") || (e.actor === "metadata_store" && e.eventType === "set_data_version");
    expect(early.events).toEqual(saved.events.filter((e) => !stored(e)));
    expect(early.events.map((e) => e.eventType)).not.toContain("set_result");
    expect(answer.details!.log.map((l) => l.line)).toEqual(lines.slice(0, early.events.length));
    // The start record crossed without its modules too, and was written with them.
    expect(puts.map((r) => r.status)).toEqual(["running", "succeeded"]);
    expect(puts[0].modules).toEqual([source]);
  });
});

describe("a run's modules sent to the realm", () => {
  it("cross once while they stay the same; an edit sends its text, and every run runs its own modules", async () => {
    const sent: { sources: string[]; same?: boolean }[] = [];
    const post = MessagePort.prototype.postMessage;
    const spy = vi.spyOn(MessagePort.prototype, "postMessage").mockImplementation(function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      const request = (message as { request?: { kind?: string; run?: { sources: string[] }; sameSources?: boolean } } | null)?.request;
      if (request?.kind === "run") sent.push({ sources: request.run!.sources, same: request.sameSources });
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    });
    open.push({ close: () => spy.mockRestore() });
    const client = realm();
    const host = createMemoryBackend("same-sources");
    const edited = source.replace('sum("x")', 'max("x")');
    const value = async (tag: number, text: string) => {
      const outcome = await client.run(tag, runParams([text], ["total"]), host, () => undefined).settled;
      const version = outcome.details!.record.nodes.find((n) => n.name === "total")!.dataVersion!;
      expect(outcome.details!.record.modules).toEqual([text]);
      const preview = await client.preview(version, 0, 10);
      return preview && "json" in preview ? preview.json : undefined;
    };
    expect(await value(1, source)).toBe("6");
    expect(await value(2, source)).toBe("6");
    expect(await value(3, edited)).toBe("3");
    expect(await value(4, edited)).toBe("3");
    expect(await value(5, source)).toBe("6");
    expect(sent.map((m) => (m.same ? "same" : m.sources.length))).toEqual([1, "same", 1, "same", 1]);
    expect(sent.filter((m) => m.same).every((m) => m.sources.length === 0)).toBe(true);
  });
});

describe("remote backend", () => {
  it("moves result bytes to the engine worker instead of copying them", async () => {
    const { host, remote } = linked();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const result: StoredResult = { dataVersion: "fp1_x" as DataVersion, format: "native", kind: "value", bytes, byteLength: 4, createdAt: 1 };
    await remote.resultStore.set(result);
    expect(bytes.byteLength).toBe(0);
    expect((await host.resultStore.getStored("fp1_x" as DataVersion))?.bytes).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it("serves only what a run needs: no clearing, listing or history, even for a hand-made message", async () => {
    const { host, remote, port } = linked();
    await host.metadataStore.set({ cacheKey: "k" as never, dataVersion: "v" as never, nodeName: "a", codeVersion: "c" as never, runId: "r", updatedAt: 1 });
    await expect(remote.metadataStore.deleteAll()).rejects.toMatchObject({ code: "STORAGE" });
    await expect(remote.runLog.list()).rejects.toMatchObject({ code: "STORAGE" });
    await expect(remote.files.delete("x.csv")).rejects.toMatchObject({ code: "STORAGE" });
    // Code in the realm could post to the port itself: the engine worker still refuses.
    const reply = new Promise<FromHost>((resolve) => (port.onmessage = (event: MessageEvent<FromHost>) => resolve(event.data)));
    port.postMessage({ id: 7, call: { target: "metadataStore", method: "deleteAll", args: [] } });
    expect(await reply).toMatchObject({ id: 7, ok: false });
    expect(await host.metadataStore.entries()).toHaveLength(1);
  });

  it("never writes a start record that arrives after the run's final record was saved", async () => {
    const host = createMemoryBackend("late-start");
    const channel = new MessageChannel();
    serveBackend(channel.port1, host, undefined, { finished: (runId) => runId === "done" });
    open.push({ close: () => (channel.port1.close(), channel.port2.close()) });
    const reply = (id: number) => new Promise<FromHost>((resolve) => (channel.port2.onmessage = (event: MessageEvent<FromHost>) => event.data.id === id && resolve(event.data)));
    const start = (runId: string) => ({ runId, startedAt: 1, status: "running", modules: [], inputs: {}, overrides: [], outputs: [], options: {}, nodes: [], events: [] });
    let answered = reply(1);
    channel.port2.postMessage({ id: 1, call: { target: "runLog", method: "put", args: [start("done")] } });
    expect(await answered).toMatchObject({ ok: true });
    answered = reply(2);
    channel.port2.postMessage({ id: 2, call: { target: "runLog", method: "put", args: [start("live")] } });
    expect(await answered).toMatchObject({ ok: true });
    expect((await host.runLog.list()).map((r) => r.runId)).toEqual(["live"]);
  });

  it("keeps the file area's codecs on the realm's side: a written table reads back as a table", async () => {
    const { host, remote } = linked();
    const aq = await import("arquero");
    await remote.files.write("t.csv", aq.table({ a: [1, 2] }));
    expect((await host.files.list()).map((f) => f.name)).toEqual(["t.csv"]);
    const back = (await remote.files.read("t.csv")) as InstanceType<typeof aq.ColumnTable>;
    expect(back.numRows()).toBe(2);
  });

  it("gives a re-executed node the value it kept from the run before: a code edit reads no body from the engine worker", async () => {
    const client = realm();
    const host = createMemoryBackend("kept-test");
    const reads: string[] = [];
    const get = host.resultStore.get.bind(host.resultStore);
    host.resultStore.get = (dv) => (reads.push(dv), get(dv));
    const getStored = host.resultStore.getStored?.bind(host.resultStore);
    if (getStored) host.resultStore.getStored = (dv) => (reads.push(dv), getStored(dv));
    await client.run(1, runParams([source], ["total"]), host, () => undefined).settled;
    const edited = source.replace('sum("x")', 'max("x")');
    const outcome = await client.run(2, runParams([edited], ["total"]), host, () => undefined).settled;
    expect(statuses(outcome)).toEqual({ raw: "cached", total: "executed" });
    expect(reads).toEqual([]);
    const totalVersion = outcome.details!.record.nodes.find((n) => n.name === "total")!.dataVersion!;
    await expect(client.preview(totalVersion, 0, 10)).resolves.toMatchObject({ kind: "value", json: "3" });
  });
});

describe("plans made in the realm", () => {
  it("give the reasons the cache's past runs give (the realm's backend serves no history, the engine worker sends it)", async () => {
    const client = realm();
    const host = createMemoryBackend("plan-reasons");
    const module = (k: number) => `import * as aq from "arquero";
export function raw(n) { return aq.table({ x: [1, 2, n] }); }
export function total(raw) { return raw.rollup({ s: aq.op.sum("x") }).get("s", 0) * ${k}; }`;
    const params = (k: number, n: number) => ({ sources: [module(k)], outputs: ["total"], inputs: { n }, overrides: {}, options: {} });
    expect((await client.run(1, params(1, 3), host, () => undefined).settled).status).toBe("succeeded");
    const inputChanged = await client.plan(params(1, 4), host);
    expect(inputChanged.raw).toMatchObject({ will: "execute", reason: "upstream_changed" });
    const codeChanged = await client.plan(params(2, 3), host);
    expect(codeChanged.raw.will).toBe("hit");
    expect(codeChanged.total).toMatchObject({ will: "execute", reason: "code_changed" });
    const fresh = await client.plan({ ...params(1, 3), sources: [module(1) + "\nexport function extra(total) { return total; }"], outputs: ["extra"] }, host);
    expect(fresh.extra).toMatchObject({ will: "execute", reason: "new_node" });
  });
});
