import { afterEach, describe, expect, it, vi } from "vitest";
import { Builder, createMemoryBackend, listRuns, type CacheBackend } from "./index";
import { closeStaleRuns, holdRunLock, isLockHeld, runLockName, type LockManagerLike } from "./runLock";

/** Web Locks as a browser grants them, within one process: exclusive, queued, `ifAvailable`. */
function fakeLocks(): LockManagerLike {
  const held = new Map<string, Promise<void>>();
  return {
    async request(name, options, callback) {
      if (options.ifAvailable && held.has(name)) return callback(null);
      while (held.has(name)) await held.get(name);
      let free!: () => void;
      held.set(name, new Promise<void>((resolve) => (free = resolve)));
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
        free();
      }
    },
  };
}

const SOURCE = `export const a = () => 1;\nexport const b = (a) => a + 1;\nexport const c = (b) => b + 1;`;

async function build(backend: CacheBackend) {
  return new Builder().withModules(SOURCE).withCache({ backend }).build();
}

/** The record a run leaves when its tab dies mid-run: still `running`, nodes as first written. */
async function leaveRunning(backend: CacheBackend, runId: string): Promise<void> {
  const record = (await backend.runLog.get(runId))!;
  await backend.runLog.put({ ...record, status: "running", finishedAt: undefined, nodes: record.nodes.map((n) => ({ ...n, status: "skipped", dataVersion: undefined })) });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("runs that died", () => {
  it("a run holds its lock from start to saved record", async () => {
    vi.stubGlobal("navigator", { locks: fakeLocks() });
    const backend = createMemoryBackend("locks");
    const dr = await build(backend);
    const during: Promise<boolean | undefined>[] = [];
    await dr.execute(["c"], { onProgress: (p) => void (p.node === "b" && during.push(isLockHeld(runLockName("locks", p.runId)))) });
    expect(await Promise.all(during)).toContain(true);
    await expect.poll(() => isLockHeld(runLockName("locks", dr.cache.lastRunId!))).toBe(false);
  });

  it("a running record whose lock is free is closed as interrupted, with what it stored", async () => {
    vi.stubGlobal("navigator", { locks: fakeLocks() });
    const backend = createMemoryBackend("stale");
    const dr = await build(backend);
    await dr.execute(["b"]);
    const dead = dr.cache.lastRunId!;
    await leaveRunning(backend, dead);
    await dr.execute(["a"]);
    const alive = dr.cache.lastRunId!;
    await leaveRunning(backend, alive);
    const release = await holdRunLock(runLockName("stale", alive)); // still running in another tab

    const runs = await closeStaleRuns(backend, await listRuns(backend));
    const closed = runs.find((r) => r.runId === dead)!;
    expect(closed.status).toBe("interrupted");
    expect(closed.error?.code).toBe("INTERRUPTED");
    expect(Object.fromEntries(closed.nodes.map((n) => [n.name, n.status]))).toEqual({ a: "executed", b: "executed", c: "skipped" });
    expect(closed.nodes.find((n) => n.name === "b")?.dataVersion).toBe(dr.cache.dataVersions[dead].b);
    expect(runs.find((r) => r.runId === alive)?.status).toBe("running");
    expect((await backend.runLog.get(dead))?.status).toBe("interrupted"); // saved, not just listed
    release();
    expect((await closeStaleRuns(backend, await listRuns(backend))).find((r) => r.runId === alive)?.status).toBe("interrupted");
  });

  it("without Web Locks nothing is guessed: running records stay running, runs still work", async () => {
    const backend = createMemoryBackend("nolocks");
    const dr = await build(backend);
    expect(await dr.execute(["c"])).toEqual({ c: 3 });
    await leaveRunning(backend, dr.cache.lastRunId!);
    expect(await isLockHeld("anything")).toBeUndefined();
    expect((await closeStaleRuns(backend, await listRuns(backend)))[0].status).toBe("running");
  });
});
