import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectStatuses, graphNode, replaceCode, run, waitForEditor } from "./app";

// A ZSTD Parquet file written by pyarrow (parquet-testing's byte_stream_split.zstd.parquet: 300
// rows of f32 and f64 standard normals), dropped on the page as a user would.
const ZSTD_FILE = new URL("../src/engine/formats/fixtures/parquet-testing/byte_stream_split.zstd.parquet", import.meta.url);

const FLOW = `import * as aq from "arquero";
import { cache, files } from "sluice";

export async function normals() {
  return await files.read("normals.parquet");
}

export const stats = cache({ format: "parquet", compression: "zstd" }, (normals: aq.ColumnTable) =>
  normals.rollup({ rows: aq.op.count(), f64_mean: aq.op.mean("f64") }),
);
`;

test("a dropped ZSTD Parquet file feeds a dataflow, which is cached on the next run", async ({ page }) => {
  await page.goto("./?example=basics");
  await waitForEditor(page);
  const bytes = [...readFileSync(ZSTD_FILE)];
  const transfer = await page.evaluateHandle((b) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(b)], "normals.parquet"));
    return data;
  }, bytes);
  await page.dispatchEvent("body", "dragenter", { dataTransfer: transfer });
  await expect(page.getByTestId("drop-overlay")).toBeVisible();
  await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
  await expect(page.getByTestId("workspace-notice")).toContainText("Added normals.parquet to the file area.");

  await replaceCode(page, FLOW);
  await run(page);
  await expectStatuses(page, { normals: "executed", stats: "executed" });
  await graphNode(page, "stats").click();
  await expect(page.getByTestId("preview")).toContainText("300");

  // The second run reads both nodes from the cache; stats comes back from its ZSTD Parquet bytes.
  await run(page);
  await expectStatuses(page, { normals: "cached", stats: "cached" });
  await graphNode(page, "stats").click();
  await expect(page.getByTestId("preview")).toContainText("300");
});
