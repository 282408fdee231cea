/**
 * The engine worker's side of a run's stores: answers the compute realm's calls from the real
 * `CacheBackend`, and brokers its network requests. Nothing but the calls of protocol.ts is served.
 */
import { assertNever, dropResults, holdRunLock, isCorruptResult, readRunMetadata, runLockName, SluiceError, type CacheBackend, type DataVersion, type MetadataEntry, type RunRecord, type StoredResult } from "../engine";
import { releaseBytes } from "../engine/release";
import { toWireError } from "../worker/toWire";
import type { DuckDbAssets } from "./duckdb";
import type { BackendCall, FetchedBytes, FromHost, ToHost } from "./protocol";

/** Asks whoever may decide (the visitor, through the page) whether code may fetch this URL. */
export type NetworkBroker = (url: string) => Promise<FetchedBytes>;

export const noNetwork: NetworkBroker = async (url) => {
  throw new SluiceError("NETWORK_DENIED", `Network access to ${url} is not allowed here`);
};

function missing(what: string): never {
  throw new SluiceError("STORAGE", `This cache cannot ${what}`);
}

/** Drops only what this side also finds damaged: a realm's word alone deletes nothing. */
async function dropCorrupt(backend: CacheBackend, dataVersions: readonly DataVersion[]): Promise<void> {
  const damaged: DataVersion[] = [];
  for (const dataVersion of dataVersions) {
    // The store's own read checks the bytes (and drops a damaged body itself).
    await backend.resultStore.get(dataVersion).catch((error: unknown) => void (isCorruptResult(error) && damaged.push(dataVersion)));
  }
  await dropResults(backend, damaged);
}

/** A write batch from the realm: its results, and only once they are stored, their keys. */
async function storeBatch(backend: CacheBackend, results: readonly StoredResult[], entries: readonly MetadataEntry[]): Promise<void> {
  const { resultStore, metadataStore } = backend;
  if (results.length > 0) {
    if (resultStore.setMany) await resultStore.setMany(results);
    else for (const result of results) await resultStore.set(result);
  }
  if (metadataStore.setMany) await metadataStore.setMany(entries);
  else for (const entry of entries) await metadataStore.set(entry);
}

async function answer(backend: CacheBackend, network: NetworkBroker, duckdb: ServeHooks["duckdb"], call: BackendCall): Promise<unknown> {
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
        case "touch": return store.touch?.(...call.args);
        case "headers": return store.headers ? store.headers(...call.args) : missing("read result headers");
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
    case "backend":
      switch (call.method) {
        case "runMetadata": return backend.runMetadata ? backend.runMetadata(...call.args) : readRunMetadata(backend, ...call.args);
        case "storeBatch": return storeBatch(backend, ...call.args);
        default: return assertNever(call, "backend call");
      }
    case "integrity":
      return dropCorrupt(backend, call.args[0]);
    case "network":
      return network(...call.args);
    case "duckdb":
      if (!duckdb) throw new SluiceError("BAD_OPTION", "SQL nodes need DuckDB, which this app was built without");
      return duckdb();
    default:
      return assertNever(call, "backend call");
  }
}

/**
 * Result bytes the realm moved here to be written. An IndexedDB cache copies them (into the
 * database, or into an OPFS file for large bodies), so once the call is over, written or refused,
 * nothing reads them again: they are released then rather than at this worker's next garbage
 * collection, which, as it allocates little, came only after the next run (a 5M-row sweep kept
 * ~110 MB of written bytes here between runs). A memory cache keeps the very bytes it is given.
 */
function bytesWritten(backend: CacheBackend, call: BackendCall): Uint8Array[] {
  if (backend.kind !== "indexeddb") return [];
  const bodies = (results: readonly StoredResult[]) => results.flatMap((r) => (r.bytes ? [r.bytes] : []));
  if (call.target === "backend" && call.method === "storeBatch") return bodies(call.args[0]);
  if (call.target === "resultStore" && call.method === "setMany") return bodies(call.args[0]);
  if (call.target === "resultStore" && call.method === "set") return bodies([call.args[0]]);
  return [];
}

/**
 * Bytes read from IndexedDB are fresh copies, so they are moved to the realm; a memory cache
 * hands out what it keeps, so its bytes are copied (moving them would empty the cache).
 */
function transferables(backend: CacheBackend, value: unknown): Transferable[] {
  if (typeof value !== "object" || value === null) return [];
  if (value instanceof ArrayBuffer) return [];
  // DuckDB's wasm, fetched for this call: the realm compiles it, nothing here needs it again.
  if ("wasm" in value && value.wasm instanceof ArrayBuffer) return [value.wasm];
  if ("bytes" in value) {
    const bytes = value.bytes;
    if (bytes instanceof ArrayBuffer) return [bytes];
    // A published layer's bodies are kept by the layer (in memory, or shared by readers): copied.
    const published = ("from" in value && value.from) || ("origin" in value && typeof value.origin === "string" && value.origin.startsWith("published:"));
    if (bytes instanceof Uint8Array && backend.kind === "indexeddb" && !published) return [bytes.buffer as ArrayBuffer];
  }
  return [];
}

export interface ServeHooks {
  /** Whether the run's final record is already saved: its start record, arriving late, is dropped. */
  finished?(runId: string): boolean;
  /** The nodes a run asked metadata for: the next run's is read ahead for them. */
  askedMetadata?(nodeNames: readonly string[]): void;
  /** The run's start record as it is written: the realm sends it without its modules. */
  startRecord?(record: RunRecord): RunRecord;
  /** DuckDB's script and wasm from the app's build, for the realm's first `sql()` node. */
  duckdb?(): Promise<DuckDbAssets>;
}

/**
 * Serves one run's backend port until the realm closes it (or the run ends and we do). When the
 * run's start record arrives, this side takes the run's Web Lock (engine/runLock.ts) and holds it
 * until the port is closed: the realm's opaque origin may hold no lock of the app's, and a record
 * left `running` with its lock free is taken for a dead run. The realm does not wait for that
 * record, so it may arrive after the run's answer (another port): then it is not written.
 */
export function serveBackend(port: MessagePort, backend: CacheBackend, network: NetworkBroker = noNetwork, hooks: ServeHooks = {}): () => void {
  const locks: Promise<() => void>[] = [];
  const onRunStart = (record: RunRecord) => locks.push(holdRunLock(runLockName(backend.name, record.runId)));
  port.onmessage = (event: MessageEvent<ToHost>) => {
    const { id, call } = event.data;
    if (call.target === "runLog" && call.method === "put" && call.args[0].status === "running") {
      if (hooks.finished?.(call.args[0].runId)) return void port.postMessage({ id, ok: true, value: undefined } satisfies FromHost);
      if (hooks.startRecord) call.args[0] = hooks.startRecord(call.args[0]);
      onRunStart(call.args[0]);
    }
    if (call.target === "backend" && call.method === "runMetadata") hooks.askedMetadata?.(call.args[0]);
    const written = bytesWritten(backend, call);
    answer(backend, network, hooks.duckdb, call)
      .then(
        (value) => port.postMessage({ id, ok: true, value } satisfies FromHost, transferables(backend, value)),
        (error: unknown) => port.postMessage({ id, ok: false, error: toWireError(error) } satisfies FromHost),
      )
      .finally(() => written.forEach(releaseBytes));
  };
  return () => {
    port.close();
    for (const lock of locks) void lock.then((release) => release());
  };
}
