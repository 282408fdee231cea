import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../engine";
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
