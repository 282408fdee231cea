/**
 * DuckDB's synchronous browser bindings as one script, built apart from the compute worker so
 * that no one pays for its ~1.5 MB until a dataflow has a `sql()` node: the engine worker fetches
 * it then and the realm loads it (duckdb.ts), which finds the library on the global.
 */
import { BROWSER_RUNTIME, createDuckDB, getPlatformFeatures, VoidLogger } from "duckdb-browser-blocking";
import { LIBRARY_GLOBAL, type DuckDbLibrary } from "./duckdbLibrary";

const library: DuckDbLibrary = { createDuckDB, getPlatformFeatures, BROWSER_RUNTIME, VoidLogger };
(globalThis as unknown as Record<string, DuckDbLibrary>)[LIBRARY_GLOBAL] = library;
