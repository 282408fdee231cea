import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import { DUCKDB_ALIAS, realmPlugin, zstdInlinePlugin } from "../vite.realm.ts";

// The bench page is built like the app (ES module worker, same engine and worker files), but on
// its own, so that measuring never depends on the UI being in a buildable state.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  plugins: [realmPlugin({ pagePolicy: false }), zstdInlinePlugin()],
  resolve: { alias: DUCKDB_ALIAS },
  worker: { format: "es", plugins: () => [zstdInlinePlugin()], rolldownOptions: { output: { codeSplitting: false } } },
  optimizeDeps: { exclude: ["parquet-wasm"] },
  // bench/profile.mjs turns minification off so that profiles name functions.
  build: { target: "es2022", outDir: ".out", emptyOutDir: true, chunkSizeWarningLimit: 8192, minify: process.env.SLUICE_BENCH_MINIFY !== "0" },
});
