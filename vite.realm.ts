/**
 * Build and dev-server support for the compute realm (src/realm): writes `sandbox.html` with
 * its strict policy, and puts the page's own Content-Security-Policy into the built index.html.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";
import { BOOT_SCRIPT, SANDBOX_PAGE, sandboxHtml, sandboxPolicy } from "./src/realm/sandboxPage.ts";

/** DuckDB's synchronous browser build, which its package's `exports` do not name (src/realm/duckdb.ts). */
export const DUCKDB_ALIAS = {
  "duckdb-browser-blocking": createRequire(import.meta.url).resolve("@duckdb/duckdb-wasm/dist/duckdb-browser").replace(/duckdb-browser\.mjs$/, "duckdb-browser-blocking.mjs"),
};

const bootHash = createHash("sha256").update(BOOT_SCRIPT).digest("base64");

/**
 * The page's policy (README, "Isolation"): scripts, workers and frames only from the app's own
 * files; `unsafe-inline` styles because Monaco and React Flow set styles at run time.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");

export function realmPlugin(options: { pagePolicy: boolean }): Plugin {
  return {
    name: "sluice-realm",
    configureServer(server) {
      // Dev only: the realm's worker imports the dev server's modules, so the policy names it.
      server.middlewares.use((req, res, next) => {
        if (!req.url || new URL(req.url, "http://x").pathname !== `/${SANDBOX_PAGE}`) return next();
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(sandboxHtml(sandboxPolicy(bootHash, `http://${req.headers.host}`)));
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: SANDBOX_PAGE, source: sandboxHtml(sandboxPolicy(bootHash)) });
    },
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        if (!options.pagePolicy || context.server) return html;
        return html.replace("<head>", `<head>\n    <meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}" />`);
      },
    },
  };
}

/**
 * @bokuweb/zstd-wasm finds its wasm with `new URL("./zstd.wasm", import.meta.url)`. Workers here
 * are single files, and the compute realm runs its worker as a classic script, where
 * `import.meta` does not parse; its network is closed too. So the wasm travels inline (see
 * formats/parquetCompression.ts) and the library's own lookup is cut out.
 */
/** The zstd encoder's wasm, as a module whose default export is its bytes in base64. */
const ZSTD_WASM_MODULE = "virtual:zstd-wasm";
const RESOLVED_ZSTD_WASM = "\0virtual:zstd-wasm";

export function zstdInlinePlugin(): Plugin {
  return {
    name: "sluice-zstd-inline",
    enforce: "pre",
    resolveId(id) {
      return id === ZSTD_WASM_MODULE ? RESOLVED_ZSTD_WASM : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ZSTD_WASM) return undefined;
      // The package exports only its entry; the wasm sits beside the web build of it.
      const entry = createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm");
      const wasm = readFileSync(join(dirname(entry), "..", "web", "zstd.wasm"));
      return `export default ${JSON.stringify(wasm.toString("base64"))};`;
    },
    transform(code, id) {
      if (!/@bokuweb[\\/]zstd-wasm[\\/]dist[\\/]web[\\/]index\.web\.js$/.test(id)) return undefined;
      const patched = code.replace(/new URL\(`\.\/zstd\.wasm`, import\.meta\.url\)\.href/, '""');
      if (patched === code) throw new Error("zstd-wasm changed: its wasm lookup was not found; see vite.realm.ts");
      return { code: patched, map: null };
    },
  };
}
