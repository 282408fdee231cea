import { afterEach, describe, expect, it, vi } from "vitest";
import { createEngineClient } from "./client";
import type { FromWorker, RequestMessage } from "./protocol";

/** Stands in for the engine worker: records what it is sent and answers when told to. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  sent: RequestMessage[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: RequestMessage): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
}

const make = () => createEngineClient(() => new FakeWorker() as unknown as Worker);
const last = () => FakeWorker.made.at(-1)!;

afterEach(() => {
  FakeWorker.made = [];
  vi.useRealTimers();
});

describe("createEngineClient", () => {
  it("matches answers to requests by id", async () => {
    const client = make();
    const a = client.decodeKey("k1");
    const b = client.decodeKey("k2");
    const [first, second] = last().sent;
    last().reply({ type: "result", id: second.id, value: { nodeName: "b", codeVersion: "c", dependenciesDataVersions: {} } });
    last().reply({ type: "result", id: first.id, value: { nodeName: "a", codeVersion: "c", dependenciesDataVersions: {} } });
    expect((await a).nodeName).toBe("a");
    expect((await b).nodeName).toBe("b");
  });

  it("rejects with the engine's error code", async () => {
    const client = make();
    const answer = client.analyze(["x"]);
    last().reply({ type: "error", id: last().sent[0].id, error: { code: "CYCLE", message: "a → b → a", details: { cycle: ["a", "b", "a"] } } });
    await expect(answer).rejects.toMatchObject({ code: "CYCLE", details: { cycle: ["a", "b", "a"] } });
  });

  it("streams progress to the run that asked for it", async () => {
    const client = make();
    const onProgress = vi.fn();
    const done = client.run({ sources: [""], outputs: ["a"], inputs: {}, overrides: {}, options: {} }, { onProgress });
    const { id } = last().sent[0];
    last().reply({ type: "updates", id, progress: [{ runId: "r" as never, node: "a", status: "running" }], logs: [] });
    last().reply({ type: "result", id, value: { status: "succeeded", details: undefined } });
    await done;
    expect(onProgress).toHaveBeenCalledWith(expect.objectContaining({ node: "a", status: "running" }));
  });

  it("times out quick requests", async () => {
    vi.useFakeTimers();
    const client = make();
    const answer = client.listFiles();
    vi.advanceTimersByTime(31_000);
    await expect(answer).rejects.toMatchObject({ code: "TIMEOUT" });
  });

  it("replaces a worker that does not stop in time, and replays the cache choice", async () => {
    vi.useFakeTimers();
    const client = make();
    const backend = client.setBackend("memory", "sluice_cache");
    last().reply({ type: "result", id: last().sent[0].id, value: { backend: "memory", path: "sluice_cache" } });
    await backend;
    const done = client.run({ sources: [""], outputs: ["spin"], inputs: {}, overrides: {}, options: {} });
    const stopped = client.stop();
    expect(last().sent.at(-1)?.request.kind).toBe("cancel");
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    await expect(done).rejects.toMatchObject({ code: "CANCELLED" });
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(last().sent[0].request).toEqual({ kind: "setBackend", backend: "memory", path: "sluice_cache" });
    expect(client.running).toBe(false);
  });

  it("keeps the worker when the run ends politely", async () => {
    vi.useFakeTimers();
    const client = make();
    const done = client.run({ sources: [""], outputs: ["a"], inputs: {}, overrides: {}, options: {} });
    const runId = last().sent[0].id;
    const stopped = client.stop();
    last().reply({ type: "result", id: runId, value: { status: "cancelled", details: undefined, error: { code: "CANCELLED", message: "", details: {} } } });
    await stopped;
    expect((await done).status).toBe("cancelled");
    expect(FakeWorker.made).toHaveLength(1);
  });

  it("answers a run first, then hands over its settled outcome (a full disk found after the answer)", async () => {
    const client = make();
    const done = client.run({ sources: [""], outputs: ["a"], inputs: {}, overrides: {}, options: {} });
    const { id } = last().sent[0];
    last().reply({ type: "result", id, value: { status: "succeeded", details: undefined } });
    const answer = await done;
    expect(answer.status).toBe("succeeded");
    expect(client.running).toBe(false);
    const storage = { code: "STORAGE" as const, message: "Could not store a result: the browser's storage quota is full", details: {} };
    last().reply({ type: "settled", id, value: { status: "failed", details: undefined, error: storage } });
    await expect(answer.settled).resolves.toEqual({ status: "failed", details: undefined, error: storage });
  });

  it("prints a run's log lines from its record's events, in the answer and the settled outcome (the worker sends none)", async () => {
    const client = make();
    const done = client.run({ sources: [""], outputs: ["a"], inputs: {}, overrides: {}, options: {} });
    const { id } = last().sent[0];
    const event = (eventType: string, msg?: string) => ({ runId: "r", actor: "adapter", eventType, nodeName: "a", msg, timestamp: 1 });
    const record = (events: ReturnType<typeof event>[]) =>
      ({ runId: "r", startedAt: 1, status: "succeeded", modules: [""], inputs: {}, overrides: [], outputs: ["a"], options: {}, nodes: [], events }) as never;
    last().reply({ type: "result", id, value: { status: "succeeded", details: { record: record([event("get_result", "hit")]) } } });
    const answer = await done;
    expect(answer.details?.log).toEqual([{ line: "a::adapter::get_result::hit", eventType: "get_result", nodeName: "a", info: true }]);
    last().reply({ type: "settled", id, value: { status: "succeeded", details: { record: record([event("get_result", "hit"), event("set_result")]) } } });
    expect((await answer.settled).details?.log.map((l) => l.line)).toEqual(["a::adapter::get_result::hit", "a::adapter::set_result"]);
  });

  it("settles a run's tail as failed when the worker dies before reporting it", async () => {
    const client = make();
    const done = client.run({ sources: [""], outputs: ["a"], inputs: {}, overrides: {}, options: {} });
    last().reply({ type: "result", id: last().sent[0].id, value: { status: "succeeded", details: undefined } });
    const answer = await done;
    last().onerror?.({ message: "boom", preventDefault() {} } as ErrorEvent);
    await expect(answer.settled).resolves.toMatchObject({ status: "failed", error: { code: "WORKER_CRASHED" } });
  });

  it("fails everything in flight when the worker crashes, then works again", async () => {
    const client = make();
    const answer = client.listRuns();
    last().onerror?.({ message: "boom", preventDefault() {} } as ErrorEvent);
    await expect(answer).rejects.toMatchObject({ code: "WORKER_CRASHED" });
    const again = client.listRuns();
    last().reply({ type: "result", id: last().sent[0].id, value: [] });
    await expect(again).resolves.toEqual([]);
  });

  it("stops respawning a worker that dies before saying anything", async () => {
    const client = make();
    for (let i = 0; i < 3; i++) last().onerror?.({ message: "load failed", preventDefault() {} } as ErrorEvent);
    expect(FakeWorker.made).toHaveLength(3);
    await expect(client.listRuns()).rejects.toMatchObject({ code: "WORKER_CRASHED" });
  });

  it("refuses requests after dispose", async () => {
    const client = make();
    client.dispose();
    await expect(client.listRuns()).rejects.toMatchObject({ code: "DISPOSED" });
  });
});
