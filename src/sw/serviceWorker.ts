/**
 * The service worker that keeps the built app available offline (README, "Offline and
 * installing"). Written to the build as `sw.js` by vite.offline.ts with the list of every built
 * file; like sandboxPage.ts it is a plain script, not bundled, so it stays small and readable.
 */
export const SERVICE_WORKER = "sw.js";

/** Cache names start with this; a build's cache adds its version, so deploys never mix files. */
export const CACHE_PREFIX = "sluice-precache-";

/**
 * Plain ES2020 run as the worker's classic script. URLs are relative to the worker's own URL,
 * which sits where the app is served, so the app works from any sub-path.
 * - install: fetch every built file past the HTTP cache into this build's cache, then take over
 *   at once (skipWaiting + claim): the new files are on the server already, the old ones are not.
 * - activate: delete the caches of earlier builds (only ours: the prefix).
 * - fetch: only GETs of the built files are answered. Pages (index.html, sandbox.html) go to the
 *   network first so an online visit always opens the latest deploy, falling back to the cache
 *   offline; hashed assets come from the cache first. Anything else is not touched.
 * - `lazy` files (DuckDB's script and wasm: 35 MB that a dataflow without SQL never needs) are not
 *   precached: the first fetch of one is kept in this build's cache, and later ones come from it.
 * - the compute realm's page comes from this build's cache with a `Content-Security-Policy:
 *   sandbox` header: under a service worker the frame is sandboxed by that header, since browsers
 *   never route a sandboxed frame's load through the worker (src/realm/sandboxPage.ts).
 */
export function serviceWorkerSource(version: string, files: readonly string[], sandbox: { page: string; flags: string }, lazy: readonly string[] = []): string {
  return `"use strict";
const CACHE = ${JSON.stringify(CACHE_PREFIX + version)};
const FILES = ${JSON.stringify(files)};
const SANDBOX_POLICY = ${JSON.stringify(`sandbox ${sandbox.flags}`)};
const base = new URL("./", self.location.href);
const known = new Set(FILES.map((file) => new URL(file, base).href));
const lazy = new Set(${JSON.stringify(lazy)}.map((file) => new URL(file, base).href));
const indexUrl = new URL("index.html", base).href;
const sandboxUrl = new URL(${JSON.stringify(sandbox.page)}, base).href;
const fromCache = (key, request) => caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit || fetch(request));

function sandboxed(response) {
  const headers = new Headers(response.headers);
  headers.set("Content-Security-Policy", SANDBOX_POLICY);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(new URL(file, base), { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(${JSON.stringify(CACHE_PREFIX)}) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const key = url.href === base.href ? indexUrl : url.href;
  if (lazy.has(key)) {
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(key).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) return cache.put(key, response.clone()).then(() => response, () => response);
      return response;
    }))));
    return;
  }
  if (!known.has(key)) return;
  if (key === sandboxUrl) {
    event.respondWith(fromCache(key, request).then(sandboxed));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit || Response.error())));
  } else {
    event.respondWith(fromCache(key, request));
  }
});
`;
}
