import { describe, expect, it, vi } from "vitest";
import { CACHE_PREFIX, serviceWorkerSource } from "./serviceWorker";

const APP = "https://host.example/demo/";
const FILES = ["assets/index-abc.js", "index.html", "sandbox.html"];
const LAZY = ["assets/duckdb-eh-abc.wasm"];

interface FakeEvent {
  request?: Request;
  answer?: Promise<Response>;
  done?: Promise<unknown>;
  respondWith(answer: Promise<Response>): void;
  waitUntil(done: Promise<unknown>): void;
}

/** Runs the generated script against in-memory caches and a network that can be switched off. */
function startWorker(existingCaches: string[] = []) {
  const listeners = new Map<string, (event: FakeEvent) => void>();
  const stores = new Map<string, Map<string, Response>>(existingCaches.map((name) => [name, new Map()]));
  const network = { online: true, requests: [] as Request[] };
  const fetchStub = vi.fn(async (input: Request | string) => {
    const request = typeof input === "string" ? new Request(input) : input;
    network.requests.push(request);
    if (!network.online) throw new TypeError("Failed to fetch");
    return new Response(`network ${new URL(request.url).pathname}`, { headers: { "content-type": "text/plain" } });
  });
  const open = async (name: string) => {
    const entries = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, entries);
    return {
      addAll: async (requests: Request[]) => {
        for (const request of requests) entries.set(request.url, await fetchStub(request));
      },
      match: async (key: string) => entries.get(key)?.clone(),
      put: async (key: string, response: Response) => void entries.set(key, response),
    };
  };
  const caches = { open, keys: async () => [...stores.keys()], delete: async (name: string) => stores.delete(name) };
  const self = {
    location: { href: `${APP}sw.js` },
    addEventListener: (type: string, listener: (event: FakeEvent) => void) => listeners.set(type, listener),
    skipWaiting: vi.fn(async () => undefined),
    clients: { claim: vi.fn(async () => undefined) },
  };
  new Function("self", "caches", "fetch", serviceWorkerSource("v2", FILES, { page: "sandbox.html", flags: "allow-scripts" }, LAZY))(self, caches, fetchStub);

  const dispatch = (type: string, request?: Request): FakeEvent => {
    const event: FakeEvent = {
      request,
      respondWith: (answer) => void (event.answer = answer),
      waitUntil: (done) => void (event.done = done),
    };
    listeners.get(type)?.(event);
    return event;
  };
  return { self, stores, network, dispatch };
}

/** A page load; Node's Request cannot be made with mode "navigate", so the property is set. */
const navigation = (url: string) => Object.defineProperty(new Request(url), "mode", { value: "navigate" });

async function installed(existingCaches: string[] = []) {
  const worker = startWorker(existingCaches);
  await worker.dispatch("install").done;
  await worker.dispatch("activate").done;
  worker.network.requests.length = 0;
  return worker;
}

describe("the service worker", () => {
  it("precaches every listed file relative to where it is served, past the HTTP cache, then takes over", async () => {
    const { self, stores, network, dispatch } = startWorker();
    await dispatch("install").done;
    expect(network.requests.map((r) => [r.url, r.cache])).toEqual(FILES.map((file) => [APP + file, "reload"]));
    expect([...(stores.get(`${CACHE_PREFIX}v2`)?.keys() ?? [])]).toEqual(FILES.map((file) => APP + file));
    expect(self.skipWaiting).toHaveBeenCalled();
  });

  it("on activate deletes earlier builds' caches and nobody else's, and claims the open pages", async () => {
    const { self, stores } = await installed([`${CACHE_PREFIX}v1`, "someone-else"]);
    expect([...stores.keys()].sort()).toEqual([`${CACHE_PREFIX}v2`, "someone-else"]);
    expect(self.clients.claim).toHaveBeenCalled();
  });

  it("answers built assets from the cache, even offline", async () => {
    const { network, dispatch } = await installed();
    network.online = false;
    const event = dispatch("fetch", new Request(`${APP}assets/index-abc.js`));
    expect(await (await event.answer)?.text()).toBe("network /demo/assets/index-abc.js");
    expect(network.requests).toEqual([]);
  });

  it("leaves DuckDB out of the first visit, keeps it once fetched, and serves it offline from then on", async () => {
    const { network, dispatch } = await installed();
    const url = `${APP}${LAZY[0]}`;
    expect(network.requests.map((r) => r.url)).not.toContain(url);
    const first = dispatch("fetch", new Request(url));
    expect(await (await first.answer)?.text()).toBe("network /demo/assets/duckdb-eh-abc.wasm");
    expect(network.requests.map((r) => r.url)).toEqual([url]);
    network.online = false;
    const offline = dispatch("fetch", new Request(url));
    expect(await (await offline.answer)?.text()).toBe("network /demo/assets/duckdb-eh-abc.wasm");
    expect(network.requests).toHaveLength(1);
  });

  it("opens the app from the network when online, from the cache offline, whatever the query", async () => {
    const { network, dispatch } = await installed();
    const online = dispatch("fetch", navigation(`${APP}?example=basics`));
    await online.answer;
    expect(network.requests.map((r) => r.url)).toEqual([`${APP}?example=basics`]);
    network.online = false;
    const offline = dispatch("fetch", navigation(`${APP}?example=basics`));
    expect(await (await offline.answer)?.text()).toBe("network /demo/index.html");
  });

  it("serves the realm's page sandboxed by its header", async () => {
    const { network, dispatch } = await installed();
    network.online = false;
    const answer = await dispatch("fetch", navigation(`${APP}sandbox.html`)).answer;
    expect(answer?.headers.get("content-security-policy")).toBe("sandbox allow-scripts");
    expect(await answer?.text()).toBe("network /demo/sandbox.html");
  });

  it("leaves alone what is not part of the build, another path, and anything but GET", async () => {
    const { dispatch } = await installed();
    expect(dispatch("fetch", new Request(`${APP}data.csv`)).answer).toBeUndefined();
    expect(dispatch("fetch", new Request("https://host.example/other/index.html")).answer).toBeUndefined();
    expect(dispatch("fetch", new Request(`${APP}index.html`, { method: "POST", body: "x" })).answer).toBeUndefined();
  });
});
