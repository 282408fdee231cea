import type { ColumnTable } from "arquero";
import { SluiceError, isSluiceError } from "../errors";
import { cannotRead, isTable, type FileFormat, type TableFormat } from "../formats";
import { decodeFile, formatFromName } from "./decode";

const BY_CONTENT_TYPE: [RegExp, TableFormat][] = [
  [/csv/, "csv"],
  [/json/, "json"],
  [/parquet/, "parquet"],
  [/arrow|feather/, "arrow"],
];

function formatOf(url: string, contentType: string | null): FileFormat | undefined {
  let path = url;
  try {
    path = new URL(url, "http://base.invalid/").pathname;
  } catch {
    // Not a URL fetch() would take either; the fetch below reports it.
  }
  const byName = formatFromName(path);
  if (byName) return byName;
  const type = (contentType ?? "").toLowerCase();
  return BY_CONTENT_TYPE.find(([pattern]) => pattern.test(type))?.[1];
}

/**
 * Load a table from a URL for a loader node: the format comes from `format`, else the URL's
 * extension, else the Content-Type. Network failures are STORAGE errors saying so, since the
 * playground is often offline or behind CORS.
 * @example export const raw_data = dataloader(async () => [await fetchTable("https://example.org/sales.csv"), { source: "web" }]);
 */
export async function fetchTable(
  url: string,
  format?: TableFormat,
  opts: { fetch?: typeof fetch } = {},
): Promise<ColumnTable> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    // A refused origin (NETWORK_DENIED) or a broker's own error already says what happened.
    if (isSluiceError(error)) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new SluiceError("STORAGE", `Could not fetch ${url} (offline or blocked?): ${why}`, { cause: error });
  }
  if (!response.ok) {
    throw new SluiceError("STORAGE", `Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const fmt = format ?? formatOf(url, response.headers.get("content-type"));
  if (!fmt || fmt === "bin") {
    throw new SluiceError("BAD_OPTION", `Cannot tell the format of ${url}: pass one of csv, json, parquet, arrow`, {
      option: "format",
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const subject = { label: `URL ${url}` };
  const value = await decodeFile(bytes, fmt, subject);
  if (!isTable(value)) throw cannotRead(subject, fmt, "the JSON is not table-shaped (rows or columns)");
  return value;
}
