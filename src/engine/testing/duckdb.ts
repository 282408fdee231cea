import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { createSqlEngine, type SqlEngine } from "../sql/duckdb";

/**
 * For Node tests: DuckDB-WASM's synchronous Node build over the same wasm the app ships, started
 * once per test process (it takes about a second).
 */
let started: Promise<DuckDBBindings> | undefined;

export function startNodeDuckDb(): Promise<DuckDBBindings> {
  started ??= (async () => {
    const duckdb = await import("@duckdb/duckdb-wasm/blocking");
    const root = (globalThis as { process?: { cwd(): string } }).process!.cwd();
    const dist = `${root}/node_modules/@duckdb/duckdb-wasm/dist`;
    const bundles = { mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: "" }, eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: "" } };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    return db;
  })();
  return started;
}

export function createNodeSqlEngine(): SqlEngine {
  return createSqlEngine(startNodeDuckDb);
}
