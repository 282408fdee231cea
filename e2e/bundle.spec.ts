import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

// What the first paint costs: the entry script and everything Vite preloads with it.
// Monaco must not be part of it (it loads lazily), and URLs stay relative (`base: "./"`).
const BUDGET_GZIP_BYTES = 350 * 1024;

test("the initial JavaScript stays small and relative", () => {
  const html = readFileSync("dist/index.html", "utf8");
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(url, "asset URLs must be relative").toMatch(/^\.\//);
  const files = urls.map((url) => readFileSync(`dist/${url.slice(2)}`));
  const gzipped = files.reduce((sum, bytes) => sum + gzipSync(bytes).length, 0);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  // Monaco reads its MonacoEnvironment global at load; only Monaco's own code mentions it.
  for (const bytes of files) expect(bytes.toString("utf8")).not.toContain("MonacoEnvironment");
});
