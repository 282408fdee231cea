/**
 * The engine worker's side of a run's stores: answers the compute realm's calls from the real
 * `CacheBackend`, and brokers its network requests. Nothing but the calls of protocol.ts is served.
 */
import { assertNever, SluiceError, type CacheBackend } from "../engine";
import { toWireError } from "../worker/toWire";
import type { BackendCall, FetchedBytes, FromHost, ToHost } from "./protocol";

/** Asks whoever may decide (the visitor, through the page) whether code may fetch this URL. */
export type NetworkBroker = (url: string) => Promise<FetchedBytes>;

export const noNetwork: NetworkBroker = async (url) => {
  throw new SluiceError("NETWORK_DENIED", `Network access to ${url} is not allowed here`);
};

function missing(what: string): never {
  throw new SluiceError("STORAGE", `This cache cannot ${what}`);
}

async function answer(backend: CacheBackend, network: NetworkBroker, call: BackendCall): Promise<unknown> {
  switch (call.target) {
    case "metadataStore": {
      const store = backend.metadataStore;
      switch (call.method) {
        case "get": return store.get(...call.args);
        case "getEntry": return store.getEntry(...call.args);
        case "getMany": return store.getMany(...call.args);
        case "set": return store.set(...call.args);
        case "entriesFor": return store.entriesFor ? store.entriesFor(...call.args) : missing("read entries by node");
        case "setMany": return store.setMany ? store.setMany(...call.args) : Promise.all(call.args[0].map((e) => store.set(e)));
        default: return assertNever(call, "metadata call");
      }
    }
    case "resultStore": {
      const store = backend.resultStore;
      switch (call.method) {
        case "getStored": return store.getStored(...call.args);
        case "has": return store.has(...call.args);
        case "hasMany": return store.hasMany(...call.args);
        case "set": return store.set(...call.args);
        case "formats": return store.formats ? store.formats(...call.args) : missing("read formats");
        case "setMany": return store.setMany ? store.setMany(...call.args) : missing("write results together");
        default: return assertNever(call, "result call");
      }
    }
    case "runLog": {
      const log = backend.runLog;
      switch (call.method) {
        case "put": return log.put(...call.args);
        default: return assertNever(call, "run log call");
      }
    }
    case "files": {
      const store = backend.files.store;
      switch (call.method) {
        case "get": return store.get(...call.args);
        case "put": return store.put(...call.args);
        case "headers": return store.headers();
        default: return assertNever(call, "file call");
      }
    }
    case "network":
      return network(...call.args);
    default:
      return assertNever(call, "backend call");
  }
}

/**
 * Bytes read from IndexedDB are fresh copies, so they are moved to the realm; a memory cache
 * hands out what it keeps, so its bytes are copied (moving them would empty the cache).
 */
function transferables(backend: CacheBackend, value: unknown): Transferable[] {
  if (typeof value !== "object" || value === null) return [];
  if (value instanceof ArrayBuffer) return [];
  if ("bytes" in value) {
    const bytes = value.bytes;
    if (bytes instanceof ArrayBuffer) return [bytes];
    if (bytes instanceof Uint8Array && backend.kind === "indexeddb") return [bytes.buffer as ArrayBuffer];
  }
  return [];
}

/** Serves one run's backend port until the realm closes it (or the run ends and we do). */
export function serveBackend(port: MessagePort, backend: CacheBackend, network: NetworkBroker = noNetwork): () => void {
  port.onmessage = (event: MessageEvent<ToHost>) => {
    const { id, call } = event.data;
    answer(backend, network, call).then(
      (value) => port.postMessage({ id, ok: true, value } satisfies FromHost, transferables(backend, value)),
      (error: unknown) => port.postMessage({ id, ok: false, error: toWireError(error) } satisfies FromHost),
    );
  };
  return () => port.close();
}
