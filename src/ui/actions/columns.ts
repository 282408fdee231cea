import type { EngineClient } from "../../worker/client";
import { historyStore, selectLatestDetails } from "../state/history";

/** Columns by data version: a value's columns never change. */
const known = new Map<string, string[]>();

/**
 * A node's columns as the newest run's value had them (for completion in SQL): a one-row preview,
 * read once per value. None when the node has not run or its value is not a table.
 */
export async function columnsOf(engine: EngineClient, node: string): Promise<string[]> {
  const record = selectLatestDetails(historyStore.get())?.record;
  const dataVersion = record?.nodes.find((n) => n.name === node)?.dataVersion;
  if (!record || !dataVersion) return [];
  const cached = known.get(dataVersion);
  if (cached) return cached;
  const preview = await engine.preview({ runId: record.runId, node, dataVersion, offset: 0, limit: 1 });
  const columns = preview.kind === "table" ? preview.columns.map((c) => c.name) : [];
  known.set(dataVersion, columns);
  return columns;
}
