// The types of the `sluice` module as the editor's TypeScript service sees them (SPEC.md §1).
// Shipped as text to Monaco; kept as a real .d.ts so the project's tsc checks it too.
import type { ColumnTable } from "arquero";

export type CacheBehavior = "default" | "recompute" | "disable" | "ignore";
export type CacheFormat = "json" | "csv" | "parquet" | "arrow";
export type FileFormat = CacheFormat | "bin";
/** How Parquet pages are compressed when written; reading takes every codec. */
export type ParquetCompression = "snappy" | "zstd" | "gzip" | "none";
/** What a CSV column is read as; `string` keeps zip codes like "02134" as text. */
export type CsvColumnType = "string" | "number" | "boolean" | "date" | "bigint";

export interface CacheOptions {
  /** How this node uses the cache; the driver's `withCache` lists take precedence. */
  behavior?: CacheBehavior;
  /** How the result is stored; the default is Arrow IPC for tables, structured data otherwise. */
  format?: CacheFormat;
  /** With `format: "parquet"`: how pages are compressed, `snappy` by default. */
  compression?: ParquetCompression;
}

export interface FileWriteOptions {
  /** From the name's extension when not given. */
  format?: FileFormat;
  /** Parquet only: `snappy` (default), `zstd`, `gzip` or `none`. */
  compression?: ParquetCompression;
}

export interface FileReadOptions {
  /** How to read the bytes; the format the file was stored with when not given. */
  format?: FileFormat;
  /** CSV: one character, `,` by default (a tab for `.tsv` files). */
  delimiter?: string;
  /** CSV: whether the first line names the columns (default true); otherwise col1, col2... */
  header?: boolean;
  /** CSV: column types; the others are inferred. @example { zip: "string" } */
  types?: Record<string, CsvColumnType>;
  /** Only these columns, in this order; a Parquet file's others are never decoded. @example ["carrier", "distance"] */
  columns?: string[];
}

/**
 * Sets a node's caching behaviour or storage format (Hamilton's `@cache`).
 * @example export const raw_data = cache({ behavior: "recompute" }, () => aq.table(DATA));
 */
export function cache<F extends (...args: never[]) => unknown>(options: CacheOptions, fn: F): F;

/**
 * A node whose function returns a SQL query, run on DuckDB. A table parameter is a table of that
 * name; any other parameter is a bound value `$name`, never pasted into the text. A file of the
 * file area can be named: `FROM 'flights.parquet'`. The result is an Arquero table.
 * @example export const totals = sql((sales, min) => `SELECT country, sum(amount) AS total FROM sales WHERE amount > $min GROUP BY country`);
 */
export function sql<A extends unknown[]>(fn: (...args: A) => string): (...args: A) => ColumnTable;
export function sql<A extends unknown[]>(options: CacheOptions, fn: (...args: A) => string): (...args: A) => ColumnTable;

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
  /**
   * Tables go through the format's codec; `json` also takes plain values; `bin` takes bytes.
   * @example await files.write("out.parquet", table, { compression: "zstd" });
   */
  write(name: string, value: ColumnTable | unknown, options?: FileFormat | FileWriteOptions): Promise<FileInfo>;
  /**
   * Tables come back as Arquero tables; other JSON comes back as its value. Parquet files of
   * every codec (SNAPPY, GZIP, BROTLI, LZ4, LZ4_RAW, ZSTD), Arrow IPC files and streams, CSV/TSV.
   * @example const zips = await files.read("zips.csv", { format: "csv", types: { zip: "string" } });
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- file contents are unknown until read, and users should not need casts
  read(name: string, options?: FileFormat | FileReadOptions): Promise<any>;
  list(): Promise<FileInfo[]>;
};

/**
 * Loads a table from a URL (format from `format`, else the extension, else the Content-Type).
 * Network failures are STORAGE errors: the playground is often offline or behind CORS.
 * @example export const raw_data = dataloader(async () => [await fetchTable("https://example.org/sales.csv"), { source: "web" }]);
 */
export function fetchTable(url: string, format?: CacheFormat): Promise<ColumnTable>;
