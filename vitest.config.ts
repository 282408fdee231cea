import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The engine must run without a DOM: a stray `document` fails its tests.
    environment: "node",
    setupFiles: ["fake-indexeddb/auto"],
    testTimeout: 30_000,
  },
});
