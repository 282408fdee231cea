import type { ColumnTable } from "arquero";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder, createMemoryBackend, createSqlEngine, isSluiceError, type CacheBackend, type Driver } from "../index";
import { createNodeSqlEngine, startNodeDuckDb } from "../testing/duckdb";
import { bindNamedParams, normalizeSql } from "./text";

const SOURCE = (query = "SELECT country, sum(amount) AS total FROM sales WHERE amount > $min GROUP BY country ORDER BY country") => `import * as aq from "arquero";
import { sql } from "sluice";

export function sales() {
  return aq.table({ country: ["USA", "USA", "Canada", "Mexico"], amount: [10, 20, 5, 7] });
}

export const totals = sql((sales, min) => \`${query}\`);

export function biggest(totals) {
  return totals.orderby(aq.desc("total")).get("country", 0);
}
`;

const sqlEngine = createNodeSqlEngine();
const build = (source: string, backend: CacheBackend, options: Record<string, unknown> = {}): Promise<Driver> =>
  new Builder().withModules(source).withCache({ backend, ...options }).withSql(sqlEngine).build();
const statuses = (dr: Driver) => Object.fromEntries(dr.cache.viewRun().nodes.map((n) => [n.id, n.status]));

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isSluiceError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  await startNodeDuckDb();
}, 30_000);

describe("sql() nodes", () => {
  it("query a table dependency by its parameter name, with scalars bound as $values, into an Arquero table", async () => {
    const dr = await build(SOURCE(), createMemoryBackend("sql-basic"));
    const { totals, biggest } = await dr.execute(["totals", "biggest"], { inputs: { min: 6 } });
    expect((totals as ColumnTable).objects()).toEqual([
      { country: "Mexico", total: 7 },
      { country: "USA", total: 30 },
    ]);
    expect(biggest).toBe("USA");
  });

  it("are cached like any node: a hit on the same inputs, a run on a new input, early cutoff after it", async () => {
    const backend = createMemoryBackend("sql-cache");
    const dr = await build(SOURCE(), backend);
    await dr.execute(["biggest"], { inputs: { min: 6 } });
    expect(statuses(dr)).toMatchObject({ sales: "executed", totals: "executed", biggest: "executed" });
    await dr.execute(["biggest"], { inputs: { min: 6 } });
    expect(statuses(dr)).toMatchObject({ sales: "cached", totals: "cached", biggest: "cached" });
    // min 8 drops Mexico and keeps the same biggest: totals runs, its new table is a new version.
    await dr.execute(["biggest"], { inputs: { min: 8 } });
    expect(statuses(dr)).toMatchObject({ sales: "cached", totals: "executed", biggest: "executed" });
    // min 6.5 gives the first run's totals again: biggest is served by its data version.
    await dr.execute(["biggest"], { inputs: { min: 6.5 } });
    expect(statuses(dr)).toMatchObject({ totals: "executed", biggest: "cached" });
  });

  it("keep their code version when only comments and layout of the query change", async () => {
    const backend = createMemoryBackend("sql-version");
    const first = await build(SOURCE(), backend);
    await first.execute(["totals"], { inputs: { min: 6 } });
    const reformatted = SOURCE(`-- the totals per country
      SELECT country,   sum(amount) AS total
      FROM sales /* only big sales */ WHERE amount > $min
      GROUP BY country ORDER BY country`);
    const second = await build(reformatted, backend);
    await second.execute(["totals"], { inputs: { min: 6 } });
    expect(statuses(second).totals).toBe("cached");
    // A change inside a string literal is a change of the query.
    const third = await build(SOURCE("SELECT country, sum(amount) AS total FROM sales WHERE country <> '  x' AND amount > $min GROUP BY country ORDER BY country"), backend);
    await third.execute(["totals"], { inputs: { min: 6 } });
    expect(statuses(third).totals).toBe("executed");
  });

  it("follow every behaviour", async () => {
    const backend = createMemoryBackend("sql-behaviors");
    for (const behavior of ["recompute", "disable", "ignore"] as const) {
      const dr = await build(SOURCE(), backend, { [behavior]: ["totals"] });
      await dr.execute(["totals"], { inputs: { min: 6 } });
      await dr.execute(["totals"], { inputs: { min: 6 } });
      expect(statuses(dr).totals, behavior).toBe("executed");
    }
    const declared = SOURCE().replace("sql((sales, min)", 'sql({ behavior: "recompute" }, (sales, min)');
    const dr = await build(declared, backend);
    await dr.execute(["totals"], { inputs: { min: 6 } });
    await dr.execute(["totals"], { inputs: { min: 6 } });
    expect(statuses(dr).totals).toBe("executed");
    expect(dr.cache.resolveBehaviors().totals).toBe("recompute");
  });

  it("read a file of the file area named in the query, and run again when the file is replaced", async () => {
    const backend = createMemoryBackend("sql-file");
    await backend.files.write("flights.csv", "carrier,delay\nAA,10\nAA,30\nUA,5\n", "csv");
    const source = `import { sql } from "sluice";
export const delays = sql(() => \`SELECT carrier, avg(delay) AS mean FROM 'flights.csv' GROUP BY carrier ORDER BY carrier\`);
`;
    const dr = await build(source, backend);
    const first = (await dr.execute(["delays"])).delays as ColumnTable;
    expect(first.objects()).toEqual([
      { carrier: "AA", mean: 20 },
      { carrier: "UA", mean: 5 },
    ]);
    await dr.execute(["delays"]);
    expect(statuses(dr).delays).toBe("cached");
    await backend.files.write("flights.csv", "carrier,delay\nAA,1\n", "csv");
    const again = (await dr.execute(["delays"])).delays as ColumnTable;
    expect(statuses(dr).delays).toBe("executed");
    expect(again.objects()).toEqual([{ carrier: "AA", mean: 1 }]);
  });

  it("bind a bigint past 2^53 exactly", async () => {
    const source = `import { sql } from "sluice";\nexport const echo = sql((v) => \`SELECT CAST($v AS VARCHAR) AS s\`);\n`;
    const dr = await build(source, createMemoryBackend("sql-bigint"));
    const { echo } = await dr.execute(["echo"], { inputs: { v: 2n ** 60n + 1n } });
    expect((echo as ColumnTable).get("s", 0)).toBe("1152921504606846977");
  });

  it("name a file the query reads that the file area does not have", async () => {
    const source = `import { sql } from "sluice";\nexport const n = sql(() => \`SELECT count(*) FROM 'flights.parquet'\`);\n`;
    const failure = await failureOf((await build(source, createMemoryBackend("sql-absent"))).execute(["n"]));
    expect(failure.code).toBe("STORAGE");
    expect(failure.message).toContain("`flights.parquet`, which is not in the file area");
  });

  it("keep a string input a value: an injection attempt is compared, never run", async () => {
    const source = `import * as aq from "arquero";
import { sql } from "sluice";
export function people() { return aq.table({ name: ["ada", "bob"] }); }
export const found = sql((people, who) => \`SELECT count(*)::INTEGER AS n FROM people WHERE name = $who\`);
`;
    const dr = await build(source, createMemoryBackend("sql-injection"));
    const attack = "ada' OR '1'='1";
    expect(((await dr.execute(["found"], { inputs: { who: attack } })).found as ColumnTable).objects()).toEqual([{ n: 0 }]);
    expect(((await dr.execute(["found"], { inputs: { who: "ada'; DROP TABLE people; --" } })).found as ColumnTable).objects()).toEqual([{ n: 0 }]);
    expect(((await dr.execute(["found"], { inputs: { who: "ada" } })).found as ColumnTable).objects()).toEqual([{ n: 1 }]);
  });

  it("report a query that does not parse as SYNTAX, at its line and column in the module", async () => {
    const dr = await build(SOURCE("SELECT country,\n  sum(amount) AS total FROM sales WHER amount > $min"), createMemoryBackend("sql-syntax"));
    const failure = await failureOf(dr.execute(["totals"], { inputs: { min: 1 } }));
    expect(failure.code).toBe("SYNTAX");
    expect(failure.message).toContain("`totals`");
    expect(failure.message).toMatch(/Parser Error/);
    // The query starts on line 8 of the module; "amount" after "WHER" is on its second line.
    expect(failure.details).toMatchObject({ node: "totals", line: 9, column: 40 });
  });

  it("report a name that does not bind as SYNTAX, with DuckDB's message and place", async () => {
    const dr = await build(SOURCE("SELECT country, sum(amout) AS total FROM sales GROUP BY country"), createMemoryBackend("sql-bind"));
    const failure = await failureOf(dr.execute(["totals"], { inputs: { min: 1 } }));
    expect(failure.code).toBe("SYNTAX");
    expect(failure.message).toMatch(/Binder Error: .*amout/);
    expect(failure.details).toMatchObject({ node: "totals", line: 8 });
    expect(failure.details.column).toBeGreaterThan(40);
  });

  it("place a bind error at the editor's column after wide characters, emoji and combining marks", async () => {
    // The module's line 8 is `export const totals = sql((sales, min) => \`<query>`: the query starts at column 44.
    for (const before of ["日本", "😀😀", "e\u0301", "é"]) {
      const query = `SELECT '${before}' AS a, amout FROM sales`;
      const dr = await build(SOURCE(query), createMemoryBackend(`sql-width-${before}`));
      const failure = await failureOf(dr.execute(["totals"], { inputs: { min: 1 } }));
      expect(failure.details, before).toMatchObject({ node: "totals", line: 8, column: 44 + query.indexOf("amout") });
    }
  });

  it("fail as NODE_FAILED when the query fails while running, and name a $value that is no parameter", async () => {
    const failing = await build(SOURCE("SELECT CAST('x' || country AS INTEGER) AS total FROM sales"), createMemoryBackend("sql-runtime"));
    expect((await failureOf(failing.execute(["totals"], { inputs: { min: 1 } }))).code).toBe("NODE_FAILED");
    const unknown = await build(SOURCE("SELECT * FROM sales WHERE amount > $minimum"), createMemoryBackend("sql-unknown"));
    const failure = await failureOf(unknown.execute(["totals"], { inputs: { min: 1 } }));
    expect(failure.code).toBe("SYNTAX");
    expect(failure.message).toContain("$minimum");
  });
});

describe("SQL text", () => {
  it("normalises comments and whitespace outside literals only", () => {
    expect(normalizeSql("SELECT  a -- x\n FROM t /* y */ WHERE b = '  two  spaces '")).toBe("SELECT a FROM t WHERE b = '  two  spaces '");
    expect(normalizeSql(`SELECT "odd  name" FROM t`)).toBe(`SELECT "odd  name" FROM t`);
  });

  it("numbers $names by first use and keeps the text's positions", () => {
    const bound = bindNamedParams("SELECT $alpha, $b, $alpha, '$not' FROM t");
    expect(bound.names).toEqual(["alpha", "b"]);
    expect(bound.text).toBe("SELECT $1    , $2, $1    , '$not' FROM t");
  });
});

describe("the SQL examples", () => {
  it("compute the tutorial's sums in SQL as the Arquero dataflow does", async () => {
    const { SOURCES } = await import("../../examples/sources");
    const arquero = await new Builder().withModules(SOURCES.changingExternal).build();
    const inSql = await new Builder().withModules(SOURCES.sqlAggregates).withSql(sqlEngine).build();
    const inputs = { cutoff_date: "2024-09-05" };
    type Row = { country: string; amound_in_usd: number };
    const expected = ((await arquero.execute(["amount_per_country"], { inputs })).amount_per_country as ColumnTable).objects() as Row[];
    const got = ((await inSql.execute(["amount_per_country"], { inputs })).amount_per_country as ColumnTable).objects() as Row[];
    expect(got).toHaveLength(expected.length);
    got.forEach((row, i) => {
      expect(row.country).toBe(expected[i].country);
      expect(row.amound_in_usd).toBeCloseTo(expected[i].amound_in_usd, 6);
    });
  });
});

describe("DuckDB's start", () => {
  it("is not counted in the duration of the SQL node whose query started it", async () => {
    const slowStart = createSqlEngine(async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return startNodeDuckDb();
    });
    const runOnce = async (name: string) => {
      const dr = await new Builder().withModules(SOURCE()).withCache({ backend: createMemoryBackend(name) }).withSql(slowStart).build();
      const started = performance.now();
      await dr.execute(["totals"], { inputs: { min: 6 } });
      return { wall: performance.now() - started, duration: dr.cache.record().nodes.find((n) => n.name === "totals")!.durationMs! };
    };
    const first = await runOnce("sql-start-1");
    expect(first.wall).toBeGreaterThan(400);
    expect(first.duration).toBeLessThan(300);
    // Started once: the next run's query waits for nothing.
    expect((await runOnce("sql-start-2")).wall).toBeLessThan(300);
  });
});

describe("a query's text checked before a run", () => {
  it("says nothing until DuckDB has started, then where DuckDB's parser stops, binding nothing", async () => {
    const engine = createNodeSqlEngine();
    expect(engine.parseProblems(["SELECT 1"])).toBeUndefined();
    const files = { list: async () => [] } as unknown as Parameters<typeof engine.query>[0]["files"];
    await engine.query({ node: "one", text: "SELECT 1 AS x", values: {}, files });
    const texts = [
      "SELECT city, sum(n * $k) AS s FROM no_such_table GROUP BY ALL",
      "SELECT * FROM 'flights.parquet' WHERE origin = $origin",
      "SELECT * FORM sales",
      "SELECT amount FROM sales WHERE",
      "SELECT 'Montréal' AS city FORM sales",
      "SELECT '😀' AS city FORM sales",
    ];
    expect(engine.parseProblems(texts)).toEqual([
      null,
      null,
      { offset: 14, message: 'syntax error at or near "sales"' },
      { offset: texts[3].length, message: "syntax error at end of input" },
      // UTF-16 units, as the editor counts: the "é" is one, the emoji two (DuckDB counts it once).
      { offset: texts[4].indexOf("FORM"), message: 'syntax error at or near "FORM"' },
      { offset: texts[5].indexOf("FORM"), message: 'syntax error at or near "FORM"' },
    ]);
  });
});
