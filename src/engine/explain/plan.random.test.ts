/**
 * Random edit sequences: code edits (some keep the value), new inputs, overrides, behaviours,
 * cleared stores.
 * Before every run the plan is made; every `hit` and `execute` it promises must come true, with
 * the reason the explanation gives afterwards. The same sequences run again on a pool of three
 * workers (SPEC.md §13, nodes finishing in shuffled orders): every status, data version, key,
 * explanation and log line equals the one-worker run's.
 */
import { describe, expect, it } from "vitest";
import type { BehaviorOptions } from "../behaviors";
import { Builder } from "../driver";
import { createMemoryBackend } from "../stores/backend";
import { createTestPool } from "../testing/pool";
import { plannedRun } from "./testing";

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number) {
  let t = seed;
  const next = () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const NODES = ["a", "b", "c", "d", "e", "f", "g"] as const;
type Params = Record<(typeof NODES)[number], number>;

function source(p: Params): string {
  return `
export function a(x: number) { return x + ${p.a}; }
export function b(a: number) { return Math.min(a, ${p.b}); }
export function c(a: number, y: number) { return (a * y) % ${p.c + 2}; }
export function d(b: number, c: number) { return b + c + ${p.d}; }
export function e(d: number) { return d > ${p.e} ? "big" : "small"; }
export function f(x: number) { return x * ${p.f}; }
export function g(e: string, f: number) { return e + f + ${p.g}; }
`;
}

/** What one step of a sequence showed, to compare a parallel run's with a one-worker run's. */
type Snapshot = Record<string, unknown>;

async function sequence(seed: number, steps: number, workers = 1): Promise<{ seen: Record<string, number>; snapshots: Snapshot[]; mostAtOnce: number }> {
  const rng = random(seed);
  const backend = createMemoryBackend(`random-${seed}`);
  const params = Object.fromEntries(NODES.map((n) => [n, rng.int(3)])) as Params;
  const inputs = { x: rng.int(3), y: rng.int(3) };
  const seen: Record<string, number> = {};
  const snapshots: Snapshot[] = [];
  let mostAtOnce = 0;
  // Run ids differ between two sequences: explanations name runs by their place in it instead.
  const runIds: string[] = [];
  // A disabled node's stand-in version is random by design (SPEC.md §2), and so is every key
  // below it: only the stand-in's kind is compared here, keys in `nodes` when no node is disabled.
  const placed = (value: unknown) =>
    JSON.parse(runIds.reduce((text, id, i) => text.replaceAll(id, `run ${i}`), JSON.stringify(value)).replace(/<disable>_[0-9a-f]+/g, "<disable>").replace(/"cacheKey":"ck1\.[^"]*"/g, '"cacheKey":"(compared in nodes)"')) as unknown;
  for (let step = 0; step < steps; step++) {
    const roll = rng.next();
    if (roll < 0.35) params[rng.pick(NODES)] = rng.int(3);
    else if (roll < 0.55) inputs[rng.pick(["x", "y"] as const)] = rng.int(3);
    else if (roll < 0.6) await backend.resultStore.deleteAll();
    else if (roll < 0.63) {
      await backend.metadataStore.deleteAll();
      await backend.resultStore.deleteAll();
    }
    const behaviors: BehaviorOptions = rng.next() < 0.2 ? { [rng.pick(["recompute", "disable", "ignore"] as const)]: [rng.pick(NODES)] } : {};
    const outputs = NODES.filter(() => rng.next() < 0.3);
    if (outputs.length === 0) outputs.push("g");
    const dr = await new Builder().withModules(source(params)).withCache({ backend, ...behaviors }).build();
    const overrides = rng.next() < 0.15 ? { [rng.pick(NODES)]: rng.int(3) } : undefined;
    const pool = workers > 1 ? createTestPool([source(params)], workers, seed * 100 + step) : undefined;
    const run = await plannedRun(dr, outputs, { ...inputs }, overrides, pool);
    mostAtOnce = Math.max(mostAtOnce, pool?.mostAtOnce ?? 1);
    const view = dr.cache.viewRun(run.runId);
    runIds.push(run.runId);
    // Keys below a disabled node hold a random stand-in (SPEC.md §2): compared only without one.
    const keysComparable = !behaviors.disable;
    snapshots.push({
      step,
      plan: run.plan,
      nodes: view.nodes.map((n) => ({ id: n.id, status: n.status, dataVersion: dr.cache.dataVersions[run.runId]?.[n.id], key: keysComparable ? dr.cache.cacheKeys[run.runId]?.[n.id] : undefined })),
      why: placed(Object.keys(run.plan).map((n) => run.why(n))),
      log: dr.cache.record(run.runId).events.map((e) => `${e.nodeName} ${e.actor} ${e.eventType} ${e.msg ?? ""}${keysComparable ? ` ${String(e.value ?? "")}` : ""}`),
    });
    // The plan covers exactly the nodes the run visits.
    const visited = Object.entries(run.status).filter(([, s]) => s === "executed" || s === "cached").map(([n]) => n);
    expect(Object.keys(run.plan).sort(), `seed ${seed} step ${step}`).toEqual(visited.sort());
    for (const name of Object.keys(overrides ?? {})) {
      if (run.status[name] === "override") expect(run.why(name)).toMatchObject({ reason: "override", causes: [] });
    }
    for (const node of visited) {
      const why = run.why(node);
      if (why.status === "cached") expect(why.causes).toEqual([]);
      else expect(why.causes.length, `${node} executed without a cause`).toBeGreaterThan(0);
      seen[`${run.plan[node].will}:${why.status}`] = (seen[`${run.plan[node].will}:${why.status}`] ?? 0) + 1;
    }
  }
  return { seen, snapshots, mostAtOnce };
}

describe("plans keep their promises over random edits", () => {
  it("twelve seeded sequences of thirty runs", async () => {
    const seen: Record<string, number> = {};
    for (let seed = 1; seed <= 12; seed++) {
      for (const [k, v] of Object.entries((await sequence(seed, 30)).seen)) seen[k] = (seen[k] ?? 0) + v;
    }
    // Every kind of prediction occurred, and `depends` resolved both ways.
    expect(Object.keys(seen).sort()).toEqual(["depends:cached", "depends:executed", "execute:executed", "hit:cached"]);
  });

  it("the same sequences on three workers: every status, version, key, explanation and log line as on one", async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const serial = await sequence(seed, 20);
      const parallel = await sequence(seed, 20, 3);
      expect(parallel.mostAtOnce, `seed ${seed}: nodes ran at once`).toBeGreaterThan(1);
      for (let step = 0; step < serial.snapshots.length; step++) expect(parallel.snapshots[step], `seed ${seed} step ${step}`).toEqual(serial.snapshots[step]);
    }
  });
});
