import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import * as aq from "arquero";
import { afterEach, describe, expect, it } from "vitest";
import { createSqlEngine, type FileArea } from "../engine";
import { DUCKDB_ALIAS } from "../../vite.realm";
import { startBrowserDuckDb } from "./duckdb";
import { LIBRARY_GLOBAL } from "./duckdbLibrary";

/**
 * The realm's policy allows `unsafe-eval` only because node code needs it (modules run through
 * `Function`, Arquero compiles expressions). DuckDB must not: the build the app ships is started
 * here as the realm starts it, with `eval` and `Function` refusing, as a policy without
 * `unsafe-eval` makes them. The bundler warns of direct `eval` in its glue code; this says whether
 * any of it runs.
 */
describe("DuckDB's browser build", () => {
  const real = { eval: globalThis.eval, Function: globalThis.Function };
  const node = process as { type?: string };
  afterEach(() => {
    Object.assign(globalThis, real);
    delete node.type;
  });

  it("starts and answers queries with eval and Function refused", async () => {
    // As in a browser: its sha256 and its Emscripten glue take Node's own modules (the first
    // through eval) unless Node looks like an Electron renderer, the one way they offer to be told.
    node.type = "renderer";
    const wasm = await readFile(`${process.cwd()}/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm`);
    const sales = aq.table({ city: ["Oslo", "Lima", "Oslo"], n: [1, 2, 3] });
    const refused: string[] = [];
    const refuse = (what: string) => () => {
      refused.push(what);
      throw new EvalError(`${what} is refused by the policy`);
    };
    globalThis.eval = refuse("eval");
    globalThis.Function = new Proxy(real.Function, { apply: refuse("Function"), construct: refuse("new Function") });
    // The traps catch what they stand for (so a DuckDB that evaluated text would fail below).
    expect(() => globalThis.eval("1")).toThrow(EvalError);
    expect(() => new Function("return 1")).toThrow(EvalError);
    refused.length = 0;

    // Loaded with the traps set too: the bundler's warnings are about its glue code's top level.
    const library = await import(pathToFileURL(DUCKDB_ALIAS["duckdb-browser-blocking"]).href);
    (globalThis as Record<string, unknown>)[LIBRARY_GLOBAL] = library;

    const db = await startBrowserDuckDb({ script: "", wasm: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    const connection = db.connect();
    const answer = connection.query("SELECT CAST(sum(x * 2) AS DOUBLE) AS s, string_agg(CAST(x AS VARCHAR), ',') AS t FROM range(5) r(x)");
    expect(answer.toArray().map((row) => ({ ...row.toJSON() }))).toEqual([{ s: 20, t: "0,1,2,3,4" }]);
    connection.close();
    // A node's query: a table in as Arrow, a bound value, the answer out as Arrow.
    const files = { list: async () => [] } as unknown as FileArea;
    const answered = await createSqlEngine(async () => db).query({ node: "by_city", text: "SELECT city, sum(n * $k) AS s FROM sales GROUP BY city ORDER BY city", values: { sales, k: 2 }, files });
    expect(refused).toEqual([]);
    // Read back with the policy lifted: Arquero compiles its row readers (why the realm allows it).
    Object.assign(globalThis, real);
    expect(answered.objects()).toEqual([{ city: "Lima", s: 4 }, { city: "Oslo", s: 8 }]);
  }, 60_000);
});
