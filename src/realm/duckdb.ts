/**
 * DuckDB in the compute realm (SPEC.md §14). The realm may open no connection, so the engine
 * worker fetches DuckDB's script and wasm from the app's own build (serveBackend.ts) and sends
 * them the first time a `sql()` node runs; they start once per realm and serve every later query.
 * The synchronous bindings run here, in the realm's own thread: no further worker is needed.
 */
import type { DuckDBBindings } from "@duckdb/duckdb-wasm/blocking";
import { SluiceError } from "../engine";
import { LIBRARY_GLOBAL, type DuckDbLibrary } from "./duckdbLibrary";

/** What the engine worker sends: the library (its text, or in dev its URL) and the wasm's bytes. */
export interface DuckDbAssets {
  script: string | { url: string };
  wasm: ArrayBuffer;
}

type Scope = { [LIBRARY_GLOBAL]?: DuckDbLibrary };

async function loadLibrary(script: DuckDbAssets["script"]): Promise<DuckDbLibrary> {
  const scope = globalThis as unknown as Scope;
  if (!scope[LIBRARY_GLOBAL]) {
    // Imported as a module (the build leaves its chunk's exports in it), from a blob: what the
    // realm's policy allows (script-src blob:). In dev it is the dev server's module itself.
    const url = typeof script === "string" ? URL.createObjectURL(new Blob([script], { type: "text/javascript" })) : script.url;
    try {
      await import(/* @vite-ignore */ url);
    } finally {
      if (typeof script === "string") URL.revokeObjectURL(url);
    }
  }
  const library = scope[LIBRARY_GLOBAL];
  if (!library) throw new SluiceError("STORAGE", "DuckDB's script did not load in the compute realm");
  return library;
}

/** DuckDB started from the bytes given: compiled here (`wasm-unsafe-eval`), never fetched. */
export async function startBrowserDuckDb(assets: DuckDbAssets): Promise<DuckDBBindings> {
  const library = await loadLibrary(assets.script);
  if (!(await library.getPlatformFeatures()).wasmExceptions) {
    throw new SluiceError("BAD_OPTION", "SQL nodes need WebAssembly exception handling, which this browser lacks (Chrome 95, Firefox 100, Safari 15.2 or later have it)");
  }
  const module = await WebAssembly.compile(assets.wasm);
  // Only the exception-handling build is shipped; the names are never fetched (instantiateWasm below).
  const bundles = { mvp: { mainModule: "duckdb-eh.wasm", mainWorker: "" }, eh: { mainModule: "duckdb-eh.wasm", mainWorker: "" } };
  const db = await library.createDuckDB(bundles, new library.VoidLogger(), library.BROWSER_RUNTIME);
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  // Emscripten's hook: instantiate the module compiled above instead of fetching the wasm by URL.
  (db as unknown as { instantiateWasm: unknown }).instantiateWasm = (imports: WebAssembly.Imports, success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
    // As the library's own hook does first: the wasm's imports find the runtime (files, HTTP) here.
    (globalThis as unknown as { DUCKDB_RUNTIME: unknown }).DUCKDB_RUNTIME = (db as unknown as { _runtime: unknown })._runtime;
    WebAssembly.instantiate(module, imports).then((instance) => success(instance, module), failed);
    return [];
  };
  await Promise.race([db.instantiate(() => undefined), failure]);
  return db;
}
