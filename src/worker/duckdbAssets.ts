/**
 * DuckDB's files as the app's build holds them (SPEC.md §14), fetched by the engine worker, which
 * may reach the app's origin, for the compute realm, which may not. Neither is precached on a
 * first visit; the service worker keeps them once fetched, so SQL nodes then work offline too.
 */
import wasmUrl from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import scriptUrl from "../realm/duckdbScript.ts?worker&url";
import type { DuckDbAssets } from "../realm/duckdb";
import { SluiceError } from "../engine";

async function fetched(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SluiceError("STORAGE", `Could not load ${what} (offline before SQL nodes were first used here?): ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new SluiceError("STORAGE", `Could not load ${what}: HTTP ${response.status}`);
  return response;
}

export async function loadDuckDbAssets(): Promise<DuckDbAssets> {
  const base = (globalThis as unknown as { location: { href: string } }).location.href;
  const script = new URL(scriptUrl, base).href;
  const [text, wasm] = await Promise.all([
    // In dev the script is a module of the dev server, which the realm imports itself.
    import.meta.env.DEV ? undefined : fetched(script, "DuckDB's script").then((r) => r.text()),
    fetched(new URL(wasmUrl, base).href, "DuckDB's wasm").then((r) => r.arrayBuffer()),
  ]);
  return { script: text ?? { url: script }, wasm };
}
