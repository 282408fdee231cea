import { expect, test } from "@playwright/test";
import { expectStatuses, openExample, run } from "./app";

test("the cache inspector: sizes per node against the browser's estimate; pinned results survive a shrink; an evicted node computes again", async ({ page }) => {
  await openExample(page, "basics");
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });

  const tab = page.getByTestId("cache-panel");
  await page.getByTestId("tab-cache").click();
  await expect(page.getByTestId("cache-usage")).toContainText("(2, 0 pinned)");
  await expect(page.getByTestId("cache-quota")).toContainText("site storage");
  await expect(page.getByTestId("cache-node-raw_data")).toContainText(/\d+(\.\d)? (B|KB)/);

  // Pinned, raw_data survives shrinking the results to nothing; processed_data does not.
  await page.getByTestId("cache-pin-raw_data").click();
  await expect(page.getByTestId("cache-node-raw_data")).toHaveAttribute("data-pinned", "true");
  await expect(page.getByTestId("cache-evict-raw_data")).toBeDisabled();
  await tab.getByRole("spinbutton").nth(1).fill("0");
  await page.getByTestId("cache-evict-size").click();
  await expect(page.getByTestId("cache-message")).toContainText("Freed");
  await expect(page.getByTestId("cache-usage")).toContainText("(1, 1 pinned)");
  await expect(page.getByTestId("cache-node-processed_data")).toHaveCount(0);
  await run(page);
  await expectStatuses(page, { raw_data: "cached", processed_data: "executed" });

  // Unpinned and evicted by node: it computes again.
  await page.getByTestId("cache-pin-raw_data").click();
  await expect(page.getByTestId("cache-node-raw_data")).toHaveAttribute("data-pinned", "false");
  await page.getByTestId("cache-evict-raw_data").click();
  await expect(page.getByTestId("cache-node-raw_data")).toHaveCount(0);
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "cached" });

  // A size limit of its own, kept in the cache; the default is a share of the site's quota.
  const limit = page.getByTestId("cache-limit");
  await expect(limit).toContainText("the default: half of what the browser allows this site");
  await limit.getByRole("spinbutton").fill("1");
  await page.getByTestId("cache-set-limit").click();
  await expect(page.getByTestId("cache-message")).toContainText("Limit set");
  await expect(limit).toContainText("Results may take 1.0 MB");
  await page.reload();
  await page.getByTestId("tab-cache").click();
  await expect(page.getByTestId("cache-limit")).toContainText("Results may take 1.0 MB");
});
