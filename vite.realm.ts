/**
 * Build and dev-server support for the compute realm (src/realm): writes `sandbox.html` with
 * its strict policy, and puts the page's own Content-Security-Policy into the built index.html.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";
import { BOOT_SCRIPT, SANDBOX_PAGE, sandboxHtml, sandboxPolicy } from "./src/realm/sandboxPage.ts";

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
