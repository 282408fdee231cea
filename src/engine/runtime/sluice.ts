import { SluiceError } from "../errors";
import { fetchTable, type FileArea } from "../files";
import type { CachingBehavior, StorageFormat } from "../types";
import type { ParquetCompression } from "../formats";

const WRAPPED = Symbol.for("sluice.wrapped");

export interface CacheOptions {
  behavior?: CachingBehavior;
  format?: Exclude<StorageFormat, "native">;
  /** With `format: "parquet"`: snappy (default), zstd, gzip or none. */
  compression?: ParquetCompression;
}

type AnyFunction = (...args: never[]) => unknown;

/** What `cache()`, `dataloader()` and `datasaver()` return: a function with how to treat it. */
export interface Wrapped {
  readonly [WRAPPED]: true;
  readonly wrapper: "cache" | "dataloader" | "datasaver" | "sql";
  readonly options: CacheOptions;
  readonly inner: AnyFunction | Wrapped;
}

export function isWrapped(value: unknown): value is Wrapped {
  return typeof value === "object" && value !== null && WRAPPED in value;
}

export interface Unwrapped {
  fn: AnyFunction;
  options: CacheOptions;
  kind: "function" | "loader" | "saver";
  /** `sql()`: the function returns a query, which DuckDB runs. */
  sql?: true;
}

/** Peels wrappers down to the node's function, outer options winning over inner ones. */
export function unwrapExport(value: unknown): Unwrapped | undefined {
  if (typeof value === "function") return { fn: value as AnyFunction, options: {}, kind: "function" };
  if (!isWrapped(value)) return undefined;
  const inner = unwrapExport(value.inner);
  if (!inner) return undefined;
  const kind = value.wrapper === "dataloader" ? "loader" : value.wrapper === "datasaver" ? "saver" : inner.kind;
  const sql = value.wrapper === "sql" || inner.sql;
  return { fn: inner.fn, kind, options: { ...inner.options, ...value.options }, ...(sql && { sql: true as const }) };
}

function wrap(wrapper: Wrapped["wrapper"], options: CacheOptions, inner: unknown): Wrapped {
  if (typeof inner !== "function" && !isWrapped(inner)) {
    throw new SluiceError("BAD_OPTION", `${wrapper}() needs a function`, { option: wrapper });
  }
  return { [WRAPPED]: true, wrapper, options, inner: inner as AnyFunction | Wrapped };
}

/**
 * The `sluice` module that dataflow code imports. `files` is bound to the driver's file area;
 * writes a node starts are tracked so the runner can wait for them before the node counts as done.
 * `network` is how `fetchTable` reaches a URL: a compute realm without network passes its broker.
 */
export function createSluiceModule(fileArea: () => FileArea, network: typeof fetch = (...args) => globalThis.fetch(...args)) {
  const pending = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };
  const files = {
    write: (name: string, value: unknown, options?: Parameters<FileArea["write"]>[2]) =>
      track(fileArea().write(name, value, options, "node")),
    read: (name: string, options?: Parameters<FileArea["read"]>[1]) => track(fileArea().read(name, options)),
    list: () => fileArea().list(),
  };
  return {
    cache: (options: CacheOptions, fn: unknown) => wrap("cache", options ?? {}, fn),
    /** `sql(fn)` or `sql(options, fn)`: `fn` returns the query; its parameters are tables and `$values`. */
    sql: (first: unknown, fn?: unknown) => (fn === undefined ? wrap("sql", {}, first) : wrap("sql", (first as CacheOptions) ?? {}, fn)),
    dataloader: (fn: unknown) => wrap("dataloader", {}, fn),
    datasaver: (fn: unknown) => wrap("datasaver", {}, fn),
    files,
    /** A table from a URL (CSV, JSON, Parquet, Arrow), for loaders; fails clearly when offline. */
    fetchTable: (url: string, format?: Parameters<typeof fetchTable>[1]) => track(fetchTable(url, format, { fetch: network })),
    /** Waits for every file write a node started; a failed write fails the node. */
    async settle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

export type SluiceModule = ReturnType<typeof createSluiceModule>;
