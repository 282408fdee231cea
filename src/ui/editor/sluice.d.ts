// The types of the `sluice` module as the editor's TypeScript service sees them (SPEC.md §1).
// Shipped as text to Monaco; kept as a real .d.ts so the project's tsc checks it too.
import type { ColumnTable } from "arquero";

export type CacheBehavior = "default" | "recompute" | "disable" | "ignore";
export type CacheFormat = "json" | "csv" | "parquet" | "arrow";
export type FileFormat = CacheFormat | "bin";

export interface CacheOptions {
  /** How this node uses the cache; the driver's `withCache` lists take precedence. */
  behavior?: CacheBehavior;
  /** How the result is stored; the default is Arrow IPC for tables, structured data otherwise. */
  format?: CacheFormat;
}

/**
 * Sets a node's caching behaviour or storage format (Hamilton's `@cache`).
 * @example export const raw_data = cache({ behavior: "recompute" }, () => aq.table(DATA));
 */
export function cache<F extends (...args: never[]) => unknown>(options: CacheOptions, fn: F): F;

/**
 * Makes two nodes: `name.loader` returns `[data, metadata]`, `name` returns the data alone.
 * @example export const raw_data = dataloader(() => [aq.table(DATA), { source: "inline", format: "json" }]);
 */
export function dataloader<A extends unknown[], T>(
  fn: (...args: A) => [T, Record<string, unknown>] | Promise<[T, Record<string, unknown>]>,
): (...args: A) => T;

/**
 * A node that saves its dependencies somewhere and returns metadata about what it saved.
 * @example export const saved = datasaver((amount_per_country) => { files.write("a.csv", amount_per_country, "csv"); return { format: "csv" }; });
 */
export function datasaver<A extends unknown[], M extends Record<string, unknown>>(
  fn: (...args: A) => M | Promise<M>,
): (...args: A) => M;

export interface FileInfo {
  name: string;
  format: FileFormat;
  size: number;
  updatedAt: number;
  /** `upload`, `node`, `saver:<node>`, `cache:<node>`... */
  origin: string;
}

/** A small file area kept in IndexedDB; the UI lists its files and lets the user download them. */
export const files: {
  /** Tables go through the format's codec; `json` also takes plain values; `bin` takes bytes. */
  write(name: string, value: ColumnTable | unknown, format?: FileFormat): Promise<FileInfo>;
  /** Tables come back as Arquero tables; other JSON comes back as its value. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- file contents are unknown until read, and users should not need casts
  read(name: string, format?: FileFormat): Promise<any>;
  list(): Promise<FileInfo[]>;
};

/**
 * Loads a table from a URL (format from `format`, else the extension, else the Content-Type).
 * Network failures are STORAGE errors: the playground is often offline or behind CORS.
 * @example export const raw_data = dataloader(async () => [await fetchTable("https://example.org/sales.csv"), { source: "web" }]);
 */
export function fetchTable(url: string, format?: CacheFormat): Promise<ColumnTable>;
