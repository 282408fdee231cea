import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { clickRun, expectStatuses, graphNode, openExample, replaceCode, run } from "./app";

// Damaged files as people bring them (issue 21): each is listed or refused in words, never lost
// without a word; a kept one that cannot be read fails the node reading it with BAD_FILE.
const corpus = (name: string) => readFileSync(new URL(`../src/engine/testing/fuzz-corpus/${name}`, import.meta.url));

test("damaged uploads are refused in words; a kept one that cannot be read fails its node with BAD_FILE", async ({ page }) => {
  await openExample(page, "basics");
  await page.getByTestId("tab-files").click();
  const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 251));
  const good = Buffer.from("city,n\nOslo,1\nLima,2\n");
  await page.getByTestId("files").locator('input[type="file"]').setInputFiles([
    { name: "noise.parquet", mimeType: "application/octet-stream", buffer: noise },
    { name: "cut.json", mimeType: "application/json", buffer: Buffer.from('[{"a": 1}, {"a": ') },
    { name: "good.csv", mimeType: "text/csv", buffer: good },
    { name: "lying.arrow", mimeType: "application/octet-stream", buffer: corpus("column-length-s.arrow") },
  ]);
  const files = page.getByTestId("files");
  // The refusals name the file and say why; the good file after them is still kept.
  await expect(files).toContainText("noise.parquet");
  await expect(files).toContainText(/not a Parquet file/i);
  await expect(files).toContainText("cut.json");
  await expect(files).toContainText(/cut off: the JSON ends in the middle of a value/);
  await expect(page.getByTestId("file-item").filter({ hasText: "good.csv" })).toBeVisible();
  await expect(page.getByTestId("file-item").filter({ hasText: "noise.parquet" })).toHaveCount(0);
  await expect(page.getByTestId("file-item").filter({ hasText: "cut.json" })).toHaveCount(0);

  // The lying Arrow stream looks whole at upload; its read fails its node in words, with the code.
  await expect(page.getByTestId("file-item").filter({ hasText: "lying.arrow" })).toBeVisible();
  await replaceCode(page, `import { files } from "sluice";\nexport function lying() {\n  return files.read("lying.arrow");\n}\nexport function good() {\n  return files.read("good.csv");\n}\n`);
  await clickRun(page);
  await expect(page.getByTestId("run-error")).toHaveAttribute("data-code", "BAD_FILE");
  await expect(page.getByTestId("run-error")).toContainText("lying.arrow");
  await expect(graphNode(page, "lying")).toHaveAttribute("data-status", "failed");

  // Fixed code runs at once: nothing was left broken.
  await replaceCode(page, `import { files } from "sluice";\nexport function good() {\n  return files.read("good.csv");\n}\n`);
  await run(page);
  await expectStatuses(page, { good: "executed" });
});
