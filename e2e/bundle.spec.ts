import { expect, test } from "@playwright/test";
import { initialJs } from "../scripts/initialJs.mjs";

// What the first paint costs: the entry script and everything Vite preloads with it.
// Monaco must not be part of it (it loads lazily), and URLs stay relative (`base: "./"`). The budget
// is issue 12's 242 KB: closed tabs, charts and the editor load lazily, so it has room to spare.
const BUDGET_GZIP_BYTES = 242 * 1024;

test("the initial JavaScript stays small and relative", () => {
  const { urls, files, gzipBytes } = initialJs("dist");
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(url, "asset URLs must be relative").toMatch(/^\.\//);
  expect(gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  // Monaco reads its MonacoEnvironment global at load; only Monaco's own code mentions it.
  for (const bytes of files) expect(bytes.toString("utf8")).not.toContain("MonacoEnvironment");
});
