import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../engine";
import { UNSTORED_KEPT } from "./compute";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

describe("charts of values only the realm holds", () => {
  it("bins a disabled node's table in the realm; the store never had it", async () => {
    const made = createInProcessRealm();
    open.push(made);
    const host = createMemoryBackend("realm-chart");
    const code = `import * as aq from "arquero";
export function sales() { return aq.table({ city: ["a", "b", "a", "c"], amount: [1, 2, 3, 4] }); }`;
    const outcome = await made.client.run(1, { sources: [code], outputs: ["sales"], inputs: {}, overrides: {}, options: { disable: ["sales"] } }, host, () => undefined).answer;
    expect(outcome.status).toBe("succeeded");
    const dataVersion = outcome.details!.record.nodes.find((n) => n.name === "sales")!.dataVersion!;
    expect(await host.resultStore.has(dataVersion as never)).toBe(false);
    const chart = await made.client.chart(dataVersion, { mark: "bar", x: "city", y: "amount" });
    expect(chart).toMatchObject({ kind: "chart", numRows: 4, points: [{ x: "a", y: 4 }, { x: "c", y: 4 }, { x: "b", y: 2 }] });
    // A value it does not hold: null, so the engine worker reads its own store instead.
    await expect(made.client.chart("fp1_unknown", { mark: "bar", x: "city" })).resolves.toBeNull();
  });
});

describe("values of nodes that are neither stored nor requested", () => {
  const code = `import * as aq from "arquero";
export function sales() { return aq.table({ city: ["a", "b", "a", "c"], amount: [1, 2, 3, 4] }); }
export function big(sales) { return sales.filter((d) => d.amount > 1); }
export function total(big) { return big.rollup({ n: (d) => aq.op.sum(d.amount) }).get("n", 0); }`;

  it("previews and charts a disabled intermediate and an ignored one after the run", async () => {
    const made = createInProcessRealm();
    open.push(made);
    const host = createMemoryBackend("realm-unstored");
    const outcome = await made.client.run(1, { sources: [code], outputs: ["total"], inputs: {}, overrides: {}, options: { disable: ["sales"], ignore: ["big"] } }, host, () => undefined).answer;
    expect(outcome.status).toBe("succeeded");
    const versionOf = (name: string) => outcome.details!.record.nodes.find((n) => n.name === name)!.dataVersion!;
    for (const name of ["sales", "big"]) expect(await host.resultStore.has(versionOf(name) as never)).toBe(false);
    await expect(made.client.preview(versionOf("sales"), 0, 10)).resolves.toMatchObject({ kind: "table", numRows: 4 });
    await expect(made.client.preview(versionOf("big"), 0, 10)).resolves.toMatchObject({ kind: "table", numRows: 3 });
    const chart = await made.client.chart(versionOf("big"), { mark: "bar", x: "city", y: "amount" });
    expect(chart).toMatchObject({ kind: "chart", numRows: 3, points: [{ x: "c", y: 4 }, { x: "a", y: 3 }, { x: "b", y: 2 }] });
  });

  it("keeps only the last few: an older one answers null, so the worker says it is gone", async () => {
    const made = createInProcessRealm();
    open.push(made);
    const host = createMemoryBackend("realm-unstored-bound");
    const many = Array.from({ length: UNSTORED_KEPT + 2 }, (_, i) => `export function n${i}() { return ${i}; }`).join("\n");
    const names = Array.from({ length: UNSTORED_KEPT + 2 }, (_, i) => `n${i}`);
    const sink = `export function sink(${names.join(", ")}) { return 1; }`;
    const outcome = await made.client.run(1, { sources: [`${many}\n${sink}`], outputs: ["sink"], inputs: {}, overrides: {}, options: { defaultBehavior: "disable" } }, host, () => undefined).answer;
    expect(outcome.status).toBe("succeeded");
    const versions = names.map((name) => outcome.details!.record.nodes.find((n) => n.name === name)!.dataVersion!);
    const previews = await Promise.all(versions.map((v) => made.client.preview(v, 0, 10)));
    expect(previews.filter((p) => p === null)).toHaveLength(2);
    expect(previews.filter((p) => p?.kind === "value")).toHaveLength(UNSTORED_KEPT);
  });
});
