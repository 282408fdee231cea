import { beforeAll, describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, listRuns, type CacheBackend, type ComputedRun } from "../index";
import { errorOf } from "../testing/errors";

const TABLES = `import * as aq from "arquero";
export function raw() { return aq.table({ city: ["Oslo", "Lima", "Oslo"], n: [1, 2, 3] }); }
export function per_city(raw) { return raw.groupby("city").rollup({ n: aq.op.sum("n") }); }
export function total(per_city) { return per_city.rollup({ s: aq.op.sum("n") }).get("s", 0); }
`;

/** A memory backend that logs, in order, every result written, every key recorded and every body made. */
function watched(): { backend: CacheBackend; log: string[] } {
  const backend = createMemoryBackend();
  const log: string[] = [];
  const setResult = backend.resultStore.set.bind(backend.resultStore);
  backend.resultStore.set = async (result) => {
    log.push(`result ${result.dataVersion}`);
    return setResult(result);
  };
  const setEntries = backend.metadataStore.setMany!.bind(backend.metadataStore);
  backend.metadataStore.setMany = async (entries) => {
    log.push(...entries.map((e) => `key ${e.nodeName}`));
    return setEntries(entries);
  };
  return { backend, log };
}

const build = (backend: CacheBackend, source = TABLES) => new Builder().withModules(source).withCache({ backend }).build();

describe("a run that answers before its writes (onComputed)", () => {
  // Held writes go out whenever the thread is seen idle (a 100 ms timer firing on time). A cold
  // process spends that long compiling the module and JIT-ing Arquero, yielding between nodes,
  // so on a loaded machine the probe could fire mid-run; one run first makes the runs below fast.
  beforeAll(async () => void (await (await build(createMemoryBackend())).execute(["total"])));

  it("answers with the values and statuses before writing anything; execute resolves once all is stored", async () => {
    const { backend, log } = watched();
    const dr = await build(backend);
    let computed: ComputedRun | undefined;
    let writesAtAnswer = -1;
    const results = await dr.execute(["total"], {
      onComputed(run) {
        computed = run;
        writesAtAnswer = log.length;
      },
    });
    expect(writesAtAnswer).toBe(0);
    expect(computed?.results).toEqual({ total: 6 });
    expect(computed?.record.status).toBe("succeeded");
    expect(Object.fromEntries(computed!.record.nodes.map((n) => [n.name, n.status]))).toEqual({ raw: "executed", per_city: "executed", total: "executed" });
    // The answer's log has no storage events yet; the final record has them.
    expect(computed!.record.events.some((e) => e.eventType === "set_result")).toBe(false);
    expect(results).toEqual({ total: 6 });
    // Durable when execute resolves: every result, then every key pointing at it.
    expect(log.filter((l) => l.startsWith("result"))).toHaveLength(3);
    expect(log.findIndex((l) => l.startsWith("key"))).toBeGreaterThan(log.findLastIndex((l) => l.startsWith("result")));
    expect((await backend.metadataStore.entries()).map((e) => e.nodeName).sort()).toEqual(["per_city", "raw", "total"]);
    expect(dr.cache.logs(dr.cache.lastRunId!, { level: "debug" }).raw.map(String)).toContain("raw::result_store::set_result");
    expect((await listRuns(backend)).map((r) => r.status)).toEqual(["succeeded"]);
  });

  it("without the hook, writes start while later nodes compute, as before", async () => {
    const { backend, log } = watched();
    const slow = `${TABLES}\nexport async function later(total) { await new Promise((r) => setTimeout(r, 30)); return total + 1; }`;
    let writesBeforeLast = -1;
    const dr = await build(backend, slow);
    await dr.execute(["later"], { onProgress: (p) => void (p.node === "later" && p.status === "running" && (writesBeforeLast = log.length)) });
    expect(writesBeforeLast).toBeGreaterThan(0);
  });

  it("stores what it computed while a node waits (a timer, the network), so a tab killed then keeps it", async () => {
    const { backend, log } = watched();
    const waits = `${TABLES}\nexport async function later(total) { await new Promise((r) => setTimeout(r, 1500)); return total + 1; }`;
    const dr = await build(backend, waits);
    let atAnswer: string[] = [];
    await dr.execute(["later"], { onComputed: () => void (atAnswer = [...log]) });
    // What was computed before the wait is stored by the answer. `later`'s own write may or may
    // not beat the answer (a late idle timer can fire between its value and the answer under load).
    expect(atAnswer.filter((l) => l.startsWith("result")).length).toBeGreaterThanOrEqual(3);
    expect(atAnswer.filter((l) => l.startsWith("key"))).toEqual(expect.arrayContaining(["key per_city", "key raw", "key total"]));
    expect(log.filter((l) => l.startsWith("key")).sort()).toEqual(["key later", "key per_city", "key raw", "key total"]);
  });

  it("holds every write while node code keeps the thread busy", async () => {
    const { backend, log } = watched();
    const busy = `${TABLES}\nexport function spin(total) { const end = Date.now() + 400; while (Date.now() < end); return total + 1; }`;
    const dr = await build(backend, busy);
    let writesAtAnswer = -1;
    await dr.execute(["spin"], { onComputed: () => void (writesAtAnswer = log.length) });
    expect(writesAtAnswer).toBe(0);
    expect(log.filter((l) => l.startsWith("key"))).toHaveLength(4);
  });

  it("reports a node done when its value is known, not when it is stored", async () => {
    const { backend, log } = watched();
    const dr = await build(backend);
    const seen: string[] = [];
    await dr.execute(["total"], { onProgress: (p) => void (p.status === "executed" && seen.push(`${p.node}@${log.length}`)), onComputed: () => undefined });
    expect(seen).toEqual(["raw@0", "per_city@0", "total@0"]);
  });

  it("a full disk after the answer: execute rejects with STORAGE and the values, the record says failed, stored keys stay whole", async () => {
    const { backend } = watched();
    const set = backend.resultStore.set.bind(backend.resultStore);
    let writes = 0;
    backend.resultStore.set = async (result) => {
      if (++writes > 1) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return set(result);
    };
    const dr = await build(backend);
    let computed: ComputedRun | undefined;
    const error = await errorOf(dr.execute(["total"], { onComputed: (run) => void (computed = run) }));
    expect(computed?.record.status).toBe("succeeded");
    expect(computed?.results).toEqual({ total: 6 });
    expect(error.code).toBe("STORAGE");
    expect(error.message).toContain("quota");
    expect(error.details.results).toEqual({ total: 6 });
    const [record] = await listRuns(backend);
    expect(record).toMatchObject({ status: "failed", error: { code: "STORAGE" } });
    // Whatever key was recorded points at a result wholly stored.
    const entries = await backend.metadataStore.entries();
    expect(entries.length).toBeLessThan(3);
    for (const entry of entries) expect(await backend.resultStore.has(entry.dataVersion)).toBe(true);
  });

  it("a failing node answers at once with the error; what finished before it is still stored", async () => {
    const { backend } = watched();
    const failing = `${TABLES}\nexport function boom(total) { throw new Error("boom " + total); }`;
    const dr = await build(backend, failing);
    let computed: ComputedRun | undefined;
    const error = await errorOf(dr.execute(["boom"], { onComputed: (run) => void (computed = run) }));
    expect(error.code).toBe("NODE_FAILED");
    expect(computed?.results).toBeUndefined();
    expect(computed).toMatchObject({ error: { code: "NODE_FAILED" }, record: { status: "failed" } });
    expect((await backend.metadataStore.entries()).map((e) => e.nodeName).sort()).toEqual(["per_city", "raw", "total"]);
  });

  it("the same driver's next run waits for the tail, so it hits", async () => {
    const { backend } = watched();
    const setMany = backend.metadataStore.setMany!.bind(backend.metadataStore);
    // A slow disk: keys land well after the answer.
    backend.metadataStore.setMany = async (entries) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return setMany(entries);
    };
    const dr = await build(backend);
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    const first = dr.execute(["total"], { onComputed: () => answered() });
    await answer;
    const second = dr.execute(["total"]);
    await first;
    await second;
    expect(dr.cache.viewRun().nodes.map((n) => n.status)).toEqual(["cached", "cached", "cached"]);
  });

  it("a hook that throws does not stop the run's writes", async () => {
    const { backend } = watched();
    const dr = await build(backend);
    await expect(
      dr.execute(["total"], {
        onComputed: () => {
          throw new Error("the caller's bug");
        },
      }),
    ).resolves.toEqual({ total: 6 });
    expect(await backend.metadataStore.entries()).toHaveLength(3);
  });
});

describe("values the caller holds (heldValue)", () => {
  it("a requested output that hits is taken from the caller, not read; node arguments are still read", async () => {
    const { backend } = watched();
    const dr = await build(backend);
    await dr.execute(["total", "per_city"]);
    const versions = dr.cache.dataVersions[dr.cache.lastRunId!];
    const reads: string[] = [];
    const get = backend.resultStore.get.bind(backend.resultStore);
    backend.resultStore.get = (dv) => (reads.push(dv), get(dv));
    const held = new Map<string, unknown>([[versions.total, 6]]);
    const asked: string[] = [];
    const heldValue = (dv: string) => (asked.push(dv), held.has(dv) ? { value: held.get(dv) } : undefined);
    expect(await dr.execute(["total"], { heldValue })).toEqual({ total: 6 });
    expect(reads).toEqual([]);
    expect(asked).toEqual([versions.total]);
    // Not held: read from the store as before.
    expect(await dr.execute(["per_city"], { heldValue })).toMatchObject({ per_city: expect.anything() });
    expect(reads).toEqual([versions.per_city]);
  });
});
