import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { offlinePlugin } from "./vite.offline.ts";
import { publishedPlugin } from "./vite.published.ts";
import { DUCKDB_ALIAS, realmPlugin, zstdInlinePlugin } from "./vite.realm.ts";

// Ports come from the environment so two checkouts (or CI and a dev server) can run side by side;
// the e2e suite pins its own preview port on the command line.
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export default defineConfig({
  resolve: { alias: DUCKDB_ALIAS },
  // Relative asset URLs: the built app works from any sub-path of a static host, or from a file share.
  base: "./",
  plugins: [react(), realmPlugin({ pagePolicy: true }), zstdInlinePlugin(), offlinePlugin(), publishedPlugin()],
  server: {
    port: port("SLUICE_DEV_PORT", 5173),
    // The compute realm (src/realm) has an opaque origin, whose requests say `Origin: null`; in
    // dev its worker imports our modules, so the dev server answers them too. Never in the build.
    cors: { origin: [/^https?:\/\/(?:(?:[^:]+\.)?localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/, "null"] },
  },
  preview: { port: port("SLUICE_PREVIEW_PORT", 4173) },
  // ES output for module workers (ours and Monaco's), each one file: the compute realm starts
  // its worker from a blob as a classic script, which can import nothing.
  worker: { format: "es", plugins: () => [zstdInlinePlugin()], rolldownOptions: { output: { codeSplitting: false } } },
  // Its wasm is found with `new URL("./zstd.wasm", import.meta.url)`, which pre-bundling would break.
  // DuckDB is pre-bundled at start: found only when a run first reaches a SQL node, the dev server
  // would bundle it then and reload the page mid-run.
  optimizeDeps: {
    // The workers' own imports too: the scan starts at index.html and does not follow a worker's
    // URL, so on a first `npm run dev` (no .vite cache) their dependencies were found only when a
    // run started, and Vite reloaded the page mid-run.
    entries: ["index.html", "src/worker/worker.ts", "src/realm/compute.worker.ts"],
    exclude: ["@bokuweb/zstd-wasm"],
    include: ["duckdb-browser-blocking"],
  },
  build: {
    target: "es2022",
    // Monaco's TypeScript worker is several MB by nature; it loads lazily, so only flag real surprises.
    chunkSizeWarningLimit: 8192,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Stable vendor chunks cache across app releases. Monaco needs no group: it is reached
            // only through a dynamic import, so it lands in lazily loaded chunks of its own.
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            // Only the d3 modules React Flow needs: the rest of d3 comes with Observable Plot, lazily.
            { name: "flow", test: /node_modules[\\/](@xyflow|@dagrejs|d3-(zoom|drag|selection|interpolate|transition|color|dispatch|ease|timer)|zustand|classcat)[\\/]/, priority: 2 },
            // Not the `.d.ts?raw` texts the editor ships to Monaco: those belong to the editor's chunk.
            { name: "arquero", test: (id) => /node_modules[\\/](arquero|@uwdata)[\\/]/.test(id) && !id.includes("?raw"), priority: 1 },
          ],
        },
      },
    },
  },
});
