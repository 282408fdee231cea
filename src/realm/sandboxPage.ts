/**
 * The sandbox page the compute realm lives in (written to the build as `sandbox.html` by
 * vite.realm.ts). Its only script, inline and pinned by hash, takes one boot message from the
 * parent page: the compute worker's code and a port. The worker it starts from a blob inherits
 * the frame's opaque origin and this policy: no connection of any kind, no remote script.
 */
export const SANDBOX_PAGE = "sandbox.html";

/**
 * The frame's sandbox. Set on the iframe, or, when the app's service worker controls the page
 * (browsers never route a sandboxed frame's load through it, so offline it would not load), sent
 * by the worker as a `Content-Security-Policy: sandbox` header. Either way the boot script starts
 * nothing unless its origin is opaque.
 */
export const SANDBOX_FLAGS = "allow-scripts";

/** Plain ES2020 for the browser as is: it is not bundled. */
export const BOOT_SCRIPT = `
let started = false;
addEventListener("message", (event) => {
  const boot = event.data;
  if (started || event.source !== parent || !boot || boot.sluiceRealm !== 1) return;
  started = true;
  if (self.origin !== "null") {
    parent.postMessage({ sluiceRealmError: "the compute realm is not isolated (its origin is not opaque)" }, "*");
    return;
  }
  const url = URL.createObjectURL(new Blob([boot.code], { type: "text/javascript" }));
  const worker = new Worker(url);
  worker.onerror = (e) => {
    e.preventDefault();
    parent.postMessage({ sluiceRealmError: String(e.message || "the compute worker failed") }, "*");
  };
  worker.postMessage({ port: boot.port }, [boot.port]);
});
`;

/**
 * `unsafe-eval` is what node code needs (modules are evaluated with `Function`, Arquero compiles
 * expressions); DuckDB does not (duckdbPolicy.test.ts). `wasm-unsafe-eval` is for hash-wasm and
 * DuckDB. `devScripts` (dev server only) lets the worker import the dev server's modules.
 */
export function sandboxPolicy(bootHash: string, devScripts?: string): string {
  const scripts = [`'sha256-${bootHash}'`, "blob:", "'unsafe-eval'", "'wasm-unsafe-eval'", devScripts].filter(Boolean).join(" ");
  return [
    "default-src 'none'",
    `script-src ${scripts}`,
    "worker-src blob:",
    "connect-src 'none'",
    "img-src 'none'",
    "style-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

export function sandboxHtml(policy: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>Sluice compute realm</title></head>
<body><script>${BOOT_SCRIPT}</script></body></html>
`;
}
