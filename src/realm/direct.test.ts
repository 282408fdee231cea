import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend, type CacheBackend } from "../engine";
import type { FromWorker, RunAnswer } from "../worker/protocol";
import { ANSWERED_DIRECTLY } from "./client";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

/** A realm whose runs answer on a page port, as the app's do; `heard` is what the page got. */
function realmAnsweringPage() {
  const made = createInProcessRealm();
  const page = new MessageChannel();
  // Only run messages come on this port, each with the page's request id.
  type RunMessage = Exclude<FromWorker, { type: "networkAsk" }>;
  const heard: RunMessage[] = [];
  page.port1.onmessage = (event: MessageEvent<RunMessage>) => heard.push(event.data);
  made.client.attachPage(page.port2);
  open.push(made, { close: () => page.port1.close() });
  /** The page's messages for one request id, once one of `type` has come. */
  async function until(id: number, type: RunMessage["type"]): Promise<RunMessage[]> {
    for (let i = 0; i < 400 && !heard.some((m) => m.id === id && m.type === type); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return heard.filter((m) => m.id === id);
  }
  return { client: made.client, heard, until };
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

function answerOf(messages: FromWorker[]): RunAnswer {
  const answer = messages.find((m) => m.type === "answer");
  if (answer?.type !== "answer") throw new Error(`no answer among ${messages.map((m) => m.type).join(", ")}`);
  return answer.value;
}
const statuses = (answer: RunAnswer) => Object.fromEntries((answer.record?.nodes ?? []).map((n) => [n.name, n.status]));

describe("runs answered by the realm to the page itself", () => {
  it("sends progress and log lines, then the answer with its record, to the page under its request id; the tail settles through the worker", async () => {
    const { client, until } = realmAnsweringPage();
    const disk = slowDisk("direct-answer");
    const call = client.run(7, params, disk.host, () => {
      throw new Error("progress went through the engine worker");
    });
    expect(await call.answer).toBe(ANSWERED_DIRECTLY);
    const messages = await until(7, "answer");
    const answer = answerOf(messages);
    expect(answer.status).toBe("succeeded");
    expect(statuses(answer)).toEqual({ raw: "executed", total: "executed" });
    // Every log line came before the answer, on the same port (the answer leaves them out).
    const lines = messages.flatMap((m) => (m.type === "updates" ? m.logs : []));
    expect(lines.map((l) => l.line)).toEqual(answer.record?.events.map((e) => `${e.nodeName}::${e.actor}::${e.eventType}${e.msg === undefined ? "" : `::${e.msg}`}`));
    expect(lines.map((l) => l.eventType)).toContain("execute_node");
    expect(messages.at(-1)?.type).toBe("answer");
    // Answered before the results were stored; the record is saved with the tail.
    expect(await disk.host.resultStore.list()).toEqual([]);
    disk.open();
    const settled = await call.settled;
    expect(settled.status).toBe("succeeded");
    expect(await disk.host.resultStore.list()).toHaveLength(2);
    expect((await disk.host.runLog.list()).map((r) => r.status)).toEqual(["succeeded"]);
  });

  it("the next run waits for the tail, then hits; its answer reads nothing back", async () => {
    const { client, heard, until } = realmAnsweringPage();
    const disk = slowDisk("direct-next");
    const first = client.run(1, params, disk.host, none);
    await until(1, "answer");
    const second = client.run(2, params, disk.host, none);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.filter((m) => m.id === 2)).toEqual([]);
    disk.open();
    await first.settled;
    expect(statuses(answerOf(await until(2, "answer")))).toEqual({ raw: "cached", total: "cached" });
    await second.settled;
    expect(await disk.host.runLog.list()).toHaveLength(2);
  });

  it("a build error fails the page's request from the realm", async () => {
    const { client, until } = realmAnsweringPage();
    const call = client.run(3, { ...params, sources: ["export function broken( {"] }, createMemoryBackend("direct-syntax"), none);
    await expect(call.settled).rejects.toMatchObject({ code: "SYNTAX" });
    const error = (await until(3, "error")).find((m) => m.type === "error");
    expect(error).toMatchObject({ type: "error", error: { code: "SYNTAX" } });
  });

  it("a stopped run: cancelled while waiting, the worker answers; cancelled while running, the realm does", async () => {
    const { client, heard, until } = realmAnsweringPage();
    const disk = slowDisk("direct-stop");
    await client.run(1, params, disk.host, none).answer;
    const waiting = client.run(2, params, disk.host, none);
    expect(client.cancel(2)).toBe(true);
    expect(await waiting.answer).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    disk.open();
    await client.settled();
    expect(heard.filter((m) => m.id === 2)).toEqual([]);
    // Each node waits 50 ms: the stop lands mid-node and ends the run at the next node boundary.
    const slow = `const nap = () => new Promise((resolve) => setTimeout(resolve, 50));
export async function a() { await nap(); return 1; }
export async function b(a) { await nap(); return a + 1; }
export async function c(b) { await nap(); return b + 1; }`;
    const running = client.run(4, { ...params, sources: [slow], outputs: ["c"] }, disk.host, none);
    await until(4, "updates");
    expect(client.cancel(4)).toBe(true);
    expect(answerOf(await until(4, "answer"))).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect(await running.settled).toMatchObject({ status: "cancelled" });
  });
});
