// What the first paint costs: the entry script and everything Vite preloads with it, gzipped.
// Shared by the budget test (e2e/bundle.spec.ts) and the benchmark (`npm run bench -- --ui`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** @param {string} dir a build's output folder, e.g. "dist" */
export function initialJs(dir) {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  const files = urls.map((url) => readFileSync(join(dir, url.replace(/^\.\//, ""))));
  const gzipBytes = files.reduce((sum, bytes) => sum + gzipSync(bytes).length, 0);
  return { urls, files, gzipBytes };
}
