import { describe, expect, it } from "vitest";
import { createRealmPool, type FromPoolWorker, type ToPoolWorker } from "./pool";
import { createPoolWorker } from "./poolWorker";

const SOURCE = `export async function slow(n) { await new Promise((r) => setTimeout(r, 20)); return n * 10; }
export function quick(n) { return n + 1; }
export async function forever() { await new Promise(() => undefined); }`;

/** A pool worker in this thread: messages cross as structured clones, as between threads. */
function fakeWorker(log: string[], name = "worker") {
  const worker = {
    onmessage: undefined as ((event: MessageEvent<FromPoolWorker>) => void) | undefined,
    onerror: undefined as unknown,
    terminated: false,
    handle: createPoolWorker((message) => {
      if (worker.terminated) return;
      log.push(`answered ${message.id}`);
      setTimeout(() => worker.onmessage?.({ data: structuredClone(message) } as MessageEvent<FromPoolWorker>));
    }),
    postMessage(message: ToPoolWorker) {
      if (message.kind === "call") log.push(`posted ${message.id} ${message.node} to ${name}`);
      void worker.handle(structuredClone(message));
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

describe("the realm's pool", () => {
  it("calls never timed spread over the idle workers", async () => {
    const log: string[] = [];
    let workers = 0;
    const realm = createRealmPool(() => fakeWorker(log, `worker ${workers++}`) as unknown as Worker);
    const pool = realm.forRun(2, [SOURCE]);
    const values = await Promise.all([pool.run({ node: "slow", args: [1] }), pool.run({ node: "slow", args: [2] })]);
    expect(values.map((v) => v?.value)).toEqual([10, 20]);
    expect(log.filter((line) => line.startsWith("posted")).map((line) => line.split(" to ")[1]).sort()).toEqual(["worker 0", "worker 1"]);
    realm.dispose();
  });

  it("flush waits for the calls it posts, not for those still waiting for a worker", async () => {
    const log: string[] = [];
    const realm = createRealmPool(() => fakeWorker(log) as unknown as Worker);
    const pool = realm.forRun(1, [SOURCE]);
    void pool.run({ node: "forever", args: [], expectedMs: 20 }).catch(() => undefined);
    const waiting = [1, 2, 3].map((n) => pool.run({ node: "slow", args: [n], expectedMs: 20 }).catch(() => undefined));
    await new Promise((r) => setTimeout(r));
    // The worker has 20 ms ahead: a cover of 30 posts one more, and resolves though two still wait.
    await pool.flush!(30);
    expect(log.filter((line) => line.startsWith("posted"))).toHaveLength(2);
    realm.dispose();
    void waiting;
  });

  it("a worker answers the calls it was posted ahead one at a time, in order, and a stop ends them all", async () => {
    const log: string[] = [];
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const realm = createRealmPool(() => {
      const worker = fakeWorker(log);
      workers.push(worker);
      return worker as unknown as Worker;
    });
    const pool = realm.forRun(1, [SOURCE]);
    const calls = [pool.run({ node: "slow", args: [1], expectedMs: 20 }), pool.run({ node: "quick", args: [2], expectedMs: 20 }), pool.run({ node: "slow", args: [3], expectedMs: 20 })];
    // One worker: the first call goes, the others wait, until the realm is about to be taken for
    // 50 ms: both are posted behind the first.
    await Promise.resolve();
    await new Promise((r) => setTimeout(r));
    expect(log.filter((line) => line.startsWith("posted"))).toHaveLength(1);
    await pool.flush!(50);
    expect(log.filter((line) => line.startsWith("posted"))).toHaveLength(3);
    expect((await Promise.all(calls)).map((result) => result?.value)).toEqual([10, 3, 30]);
    // Answered in the order posted, though `quick` would have finished first had it not waited its turn.
    expect(log.filter((line) => line.startsWith("answered"))).toEqual(["answered 1", "answered 2", "answered 3"]);

    // A worker that dies fails the call it was answering; the calls posted behind it run in the realm.
    const dying = realm.forRun(1, [SOURCE]);
    const posted = [dying.run({ node: "forever", args: [], expectedMs: 20 }), dying.run({ node: "quick", args: [5], expectedMs: 20 })];
    await new Promise((r) => setTimeout(r));
    await dying.flush!(50);
    const broken = workers.at(-1)!;
    (broken.onerror as (event: { message: string; preventDefault(): void }) => void)({ message: "it ran out of memory", preventDefault() {} });
    const outcomes = await Promise.allSettled(posted);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/Node `forever` ran on a compute worker and the worker stopped: it ran out of memory/);
    expect(outcomes[1]).toEqual({ status: "fulfilled", value: undefined });
    expect(broken.terminated).toBe(true);

    const stop = new AbortController();
    const stopped = realm.forRun(1, [SOURCE], stop.signal);
    const stuck = [stopped.run({ node: "forever", args: [], expectedMs: 20 }), stopped.run({ node: "quick", args: [1], expectedMs: 20 })];
    await new Promise((r) => setTimeout(r));
    await stopped.flush!(50);
    stop.abort();
    const settled = await Promise.allSettled(stuck);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(String((settled[0] as PromiseRejectedResult).reason)).toMatch(/the run was stopped/);
    // Its worker was replaced.
    expect(workers[1].terminated).toBe(true);
    expect(workers).toHaveLength(3);
    realm.dispose();
  });
});
