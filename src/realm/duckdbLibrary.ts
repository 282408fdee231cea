import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";

/** The part of `duckdb-browser-blocking` the realm uses, set on the global by duckdbScript.ts. */
export interface DuckDbLibrary {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<DuckDBBindings>;
  getPlatformFeatures(): Promise<{ wasmExceptions: boolean }>;
  BROWSER_RUNTIME: unknown;
  VoidLogger: new () => unknown;
}

export const LIBRARY_GLOBAL = "sluiceDuckDb";
