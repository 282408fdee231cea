/**
 * The compute realm's side of a run's stores: a `CacheBackend` whose every call is a message to
 * the engine worker, which holds the real one. Bytes (results, files, fetched URLs) are
 * transferred, not copied; decoding and encoding happen here, next to the node code.
 */
import { createFileArea, decodeVerified, isCorruptResult, runMetadataFrom, SluiceError, type CacheBackend, type ReadAhead, type ErrorCode, type FileBackend, type MetadataStore, type ResultStore, type RunLog, type StoredResult } from "../engine";
import type { WireError } from "../worker/protocol";
import type { DuckDbAssets } from "./duckdb";
import type { BackendCall, FetchedBytes, FromHost, ToHost } from "./protocol";

/** Codes the engine knows; anything else (INTERNAL, TIMEOUT) arrives as STORAGE, since a store call failed. */
const ENGINE_CODES: ReadonlySet<string> = new Set<ErrorCode>(["SYNTAX", "CYCLE", "MISSING_INPUT", "UNKNOWN_OUTPUT", "DUPLICATE_NODE", "NODE_FAILED", "CANCELLED", "BAD_OPTION", "STORAGE", "NETWORK_DENIED", "BAD_FILE"]);

export function fromWire(error: WireError): SluiceError {
  const code = (ENGINE_CODES.has(error.code) ? error.code : "STORAGE") as ErrorCode;
  const { node, input, option, line, column, cycle, originalStack } = error.details;
  return new SluiceError(code, error.message, { node, input, option, line, column, cycle, originalStack });
}

/** What a run never does is not served to the realm (see protocol.ts). */
const unavailable = (what: string): Promise<never> =>
  Promise.reject(new SluiceError("STORAGE", `Node code cannot ${what}: the compute realm reaches only what a run needs`));

/** A whole-buffer transfer list for bytes this side will not read again. */
const moved = (bytes: Uint8Array | undefined): Transferable[] => (bytes ? [bytes.buffer as ArrayBuffer] : []);

export function createBackendCaller(port: MessagePort) {
  let next = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  port.onmessage = (event: MessageEvent<FromHost>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) pending?.resolve(reply.value);
    else pending?.reject(fromWire(reply.error));
  };
  return {
    call<T>(call: BackendCall, transfer: Transferable[] = []): Promise<T> {
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        port.postMessage({ id, call } satisfies ToHost, transfer);
      });
    },
    close(): void {
      port.close();
      for (const pending of waiting.values()) pending.reject(new SluiceError("CANCELLED", "The run's stores were closed"));
      waiting.clear();
    },
  };
}

type Caller = ReturnType<typeof createBackendCaller>;

function metadataStore(c: Caller): Required<MetadataStore> {
  return {
    get: (cacheKey) => c.call({ target: "metadataStore", method: "get", args: [cacheKey] }),
    getEntry: (cacheKey) => c.call({ target: "metadataStore", method: "getEntry", args: [cacheKey] }),
    getMany: (cacheKeys) => c.call({ target: "metadataStore", method: "getMany", args: [cacheKeys] }),
    set: (entry) => c.call({ target: "metadataStore", method: "set", args: [entry] }),
    entriesFor: (nodeNames) => c.call({ target: "metadataStore", method: "entriesFor", args: [nodeNames] }),
    setMany: (entries) => c.call({ target: "metadataStore", method: "setMany", args: [entries] }),
    entries: () => unavailable("list the cache"),
    deleteAll: () => unavailable("clear the cache"),
    // Keys go with a damaged result's `dropCorrupt` (resultStore.delete below), checked there.
    deleteForVersions: async () => undefined,
    entriesForVersions: () => unavailable("list the cache"),
  };
}

function resultStore(c: Caller): Required<ResultStore> {
  const dropCorrupt = (dataVersions: StoredResult["dataVersion"][]) => c.call<void>({ target: "integrity", method: "dropCorrupt", args: [dataVersions] });
  const getStored = (dataVersion: StoredResult["dataVersion"]) =>
    c.call<StoredResult | undefined>({ target: "resultStore", method: "getStored", args: [dataVersion] });
  return {
    async get(dataVersion) {
      const stored = await getStored(dataVersion);
      if (!stored) throw new SluiceError("STORAGE", `No stored result for data version ${dataVersion}`);
      // Checked here, where it is decoded: a damaged result is never handed to node code.
      try {
        return await decodeVerified(stored);
      } catch (error) {
        if (isCorruptResult(error)) await dropCorrupt([dataVersion]);
        throw error;
      }
    },
    getStored,
    has: (dataVersion, format) => c.call({ target: "resultStore", method: "has", args: [dataVersion, format] }),
    hasMany: (dataVersions) => c.call({ target: "resultStore", method: "hasMany", args: [dataVersions] }),
    set: (result) => c.call({ target: "resultStore", method: "set", args: [result] }, moved(result.bytes)),
    formats: (dataVersions) => c.call({ target: "resultStore", method: "formats", args: [dataVersions] }),
    setMany: (results) => c.call({ target: "resultStore", method: "setMany", args: [results] }, results.flatMap((r) => moved(r.bytes))),
    touch: (dataVersions, at) => c.call({ target: "resultStore", method: "touch", args: [dataVersions, at] }),
    // Headers only (format, size, last use): the run's prefetch, one read for all its keys.
    headers: (dataVersions) => c.call({ target: "resultStore", method: "headers", args: [dataVersions] }),
    delete: (dataVersions) => dropCorrupt([...dataVersions]),
    setPinned: () => unavailable("pin results"),
    list: () => unavailable("list stored results"),
    deleteAll: () => unavailable("clear the cache"),
  };
}

/**
 * A run's start record is sent at once (a Stop that kills the realm must still find it) and not
 * waited for: the engine worker writes it in its own thread whatever the realm then does, and
 * never after the final record (realm/serveBackend.ts). The final record travels with the run's
 * answer and the engine worker saves it in order with that answer, so history never lags the
 * answer (two ports do not keep order between them). The start record goes without its modules,
 * which the engine worker sent and puts back (realm/client.ts): ~10 KB less before the first node.
 */
function runLog(c: Caller): RunLog {
  return {
    put: async (run) => {
      if (run.status === "running") void c.call({ target: "runLog", method: "put", args: [{ ...run, modules: [] }] }).catch(() => undefined);
    },
    get: () => unavailable("read run history"),
    list: () => unavailable("read run history"),
    deleteAll: () => unavailable("clear run history"),
  };
}

function fileStore(c: Caller): FileBackend {
  return {
    get: (name) => c.call({ target: "files", method: "get", args: [name] }),
    put: (file) => c.call({ target: "files", method: "put", args: [file] }, moved(file.bytes)),
    headers: () => c.call({ target: "files", method: "headers", args: [] }),
    delete: () => unavailable("delete files"),
    clear: () => unavailable("delete files"),
  };
}

/** `fetch` for `fetchTable`: the engine worker asks the visitor, fetches, and sends the bytes. */
function network(c: Caller): typeof fetch {
  return async (input) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const got = await c.call<FetchedBytes>({ target: "network", method: "fetch", args: [url] });
    const headers = got.contentType ? { "content-type": got.contentType } : undefined;
    // 204/304 and friends may not carry a body.
    const body = got.status === 204 || got.status === 304 ? null : got.bytes;
    return new Response(body, { status: got.status, statusText: got.statusText, headers });
  };
}

/**
 * The run's backend, as the engine sees it, plus the network broker for `fetchTable`. Its first
 * `runMetadata` is answered from `readAhead` when that was read for all the nodes asked for.
 */
export function createRemoteBackend(port: MessagePort, kind: CacheBackend["kind"], name: string, readAhead?: ReadAhead) {
  const caller = createBackendCaller(port);
  let ahead = readAhead;
  const backend: CacheBackend = {
    kind,
    name,
    runMetadata(nodeNames) {
      // Once: it was read as the run was sent; a later read must ask for the cache as it is then.
      const read = ahead && runMetadataFrom(ahead, nodeNames);
      ahead = undefined;
      return read ? Promise.resolve(read) : caller.call({ target: "backend", method: "runMetadata", args: [nodeNames] });
    },
    storeBatch: (results, entries) =>
      caller.call({ target: "backend", method: "storeBatch", args: [results, entries] }, results.flatMap((r) => moved(r.bytes))),
    metadataStore: metadataStore(caller),
    resultStore: resultStore(caller),
    runLog: runLog(caller),
    files: createFileArea(fileStore(caller)),
  };
  const duckdbAssets = (): Promise<DuckDbAssets> => caller.call({ target: "duckdb", method: "assets", args: [] });
  return { backend, fetch: network(caller), duckdbAssets, close: caller.close };
}
