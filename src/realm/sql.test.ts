import { afterEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../engine";
import { startNodeDuckDb } from "../engine/testing/duckdb";
import { createInProcessRealm } from "./testing";

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((item) => item.close()));

const runParams = (sources: string[], outputs: string[], inputs = {}) => ({ sources, outputs, inputs, overrides: {}, options: {} });

describe("SQL nodes in the compute realm", () => {
  it("ask the engine worker for DuckDB once, read a file of its file area by name, and cache like any node", async () => {
    let asked = 0;
    const realm = createInProcessRealm(undefined, {
      // The Node build stands in for the browser's; what is tested is who asks whom, and when.
      start: async (assets) => (await assets(), startNodeDuckDb()),
      assets: async () => {
        asked++;
        return { script: "", wasm: new ArrayBuffer(8) };
      },
    });
    open.push(realm);
    const host = createMemoryBackend("realm-sql");
    await host.files.write("sales.csv", "country,amount\nUSA,10\nUSA,5\nPeru,2\n", "csv");
    const source = `import { sql } from "sluice";
export const totals = sql((min) => \`SELECT country, sum(amount) AS total FROM 'sales.csv' WHERE amount > $min GROUP BY country ORDER BY country\`);
export function biggest(totals) { return totals.get("country", 0); }`;
    const first = await realm.client.run(1, runParams([source], ["totals", "biggest"], { min: 1 }), host, () => undefined).settled;
    expect(first.status).toBe("succeeded");
    const totals = first.details!.record.nodes.find((n) => n.name === "totals")!;
    expect(totals.status).toBe("executed");
    const preview = await realm.client.preview(totals.dataVersion!, 0, 10);
    expect(preview).toMatchObject({ kind: "table", numRows: 2 });
    const second = await realm.client.run(2, runParams([source], ["biggest"], { min: 3 }), host, () => undefined).settled;
    expect(second.details!.record.nodes.find((n) => n.name === "totals")!.status).toBe("executed");
    const third = await realm.client.run(3, runParams([source], ["biggest"], { min: 3 }), host, () => undefined).settled;
    const statuses = Object.fromEntries(third.details!.record.nodes.map((n) => [n.name, n.status]));
    expect(statuses).toMatchObject({ totals: "cached", biggest: "cached" });
    // DuckDB started once, for the first query; no later run asked for it again.
    expect(asked).toBe(1);
  }, 30_000);

  it("refuse, named, a table whose strings DuckDB would get changed (a lone surrogate)", async () => {
    const realm = createInProcessRealm(undefined, { start: async () => startNodeDuckDb(), assets: async () => ({ script: "", wasm: new ArrayBuffer(8) }) });
    open.push(realm);
    const source = `import * as aq from "arquero";
import { sql } from "sluice";
export function names() { return aq.table({ s: ["ok", "a\\ud800"] }); }
export const counted = sql((names) => \`SELECT count(*) AS n FROM names\`);`;
    const outcome = await realm.client.run(1, runParams([source], ["counted"]), createMemoryBackend("realm-sql-surrogate"), () => undefined).settled;
    expect(outcome.status).toBe("failed");
    expect(outcome.status === "failed" && outcome.error.message).toMatch(/SQL of node `counted` cannot give DuckDB table `names`: .*lone surrogate/);
  }, 30_000);
});
