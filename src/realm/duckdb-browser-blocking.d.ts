/**
 * `duckdb-browser-blocking` is an alias (vite.config.ts) for the package's synchronous browser
 * build, which its `exports` do not name. Typed as the Node build of the same bindings.
 */
declare module "duckdb-browser-blocking" {
  import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
  export function createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<DuckDBBindings>;
  export function getPlatformFeatures(): Promise<{ wasmExceptions: boolean }>;
  export const BROWSER_RUNTIME: unknown;
  export class VoidLogger {}
}
