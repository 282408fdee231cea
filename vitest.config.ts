import { defineConfig } from "vitest/config";
import { zstdInlinePlugin } from "./vite.realm.ts";

export default defineConfig({
  // The zstd encoder's wasm module, as the app bundles it (formats/zstdWasm.ts).
  plugins: [zstdInlinePlugin()],
  test: {
    include: ["src/**/*.test.ts", "bench/**/*.test.mjs"],
    // The engine must run without a DOM: a stray `document` fails its tests.
    environment: "node",
    setupFiles: ["fake-indexeddb/auto"],
    testTimeout: 30_000,
  },
});
