import { expect, test } from "@playwright/test";
import { exampleSource, graphNode, openExample, replaceCode, run } from "./app";

const plans = async (page: import("@playwright/test").Page, expected: Record<string, string>) => {
  for (const [name, will] of Object.entries(expected)) await expect(graphNode(page, name), `plan of ${name}`).toHaveAttribute("data-plan", will);
};
const reasons = async (page: import("@playwright/test").Page, expected: Record<string, string>) => {
  for (const [name, reason] of Object.entries(expected)) await expect(graphNode(page, name), `reason of ${name}`).toHaveAttribute("data-reason", reason);
};

test("an edit is planned before Run and explained after it: reason, root cause, code diff", async ({ page }) => {
  await openExample(page, "adding-node");
  await plans(page, { raw_data: "execute", processed_data: "execute", amount_per_country: "execute" });
  await expect(page.getByTestId("plan-summary")).toHaveText("3 will run");
  await run(page);
  await reasons(page, { raw_data: "new_node", processed_data: "new_node", amount_per_country: "new_node" });

  await replaceCode(page, exampleSource("adding-node").replace("d.amount * 0.73", "d.amount * 0.71"));
  await plans(page, { raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
  await expect(page.getByTestId("plan-summary")).toHaveText("1 will run, 1 from cache, 1 depends");

  await run(page);
  await reasons(page, { raw_data: "hit", processed_data: "code_changed", amount_per_country: "upstream_changed" });
  await expect(graphNode(page, "processed_data")).toHaveAttribute("data-cause", "true");
  await expect(graphNode(page, "amount_per_country")).not.toHaveAttribute("data-cause", "true");

  await graphNode(page, "amount_per_country").click();
  const explanation = page.getByTestId("explanation");
  await expect(explanation).toHaveAttribute("data-reason", "upstream_changed");
  await expect(explanation.getByTestId("changed-processed_data")).toBeVisible();
  await expect(explanation.getByTestId("explanation-causes")).toContainText("processed_data");

  await graphNode(page, "processed_data").click();
  await expect(explanation).toHaveAttribute("data-reason", "code_changed");
  await explanation.getByTestId("code-diff-open").click();
  const diff = page.getByTestId("code-diff");
  await expect(diff).toHaveAttribute("data-ready", "true");
  await expect(diff.locator(".monaco-diff-editor")).toBeVisible();
  await expect(diff.locator(".modified-in-monaco-diff-editor")).toContainText("0.71");
});

test("early cutoff is credited on the Brazil/Mexico edit", async ({ page }) => {
  await openExample(page, "changing-code");
  await run(page);
  await replaceCode(page, exampleSource("changing-code-2"));
  await plans(page, { raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
  await run(page);
  await reasons(page, { processed_data: "code_changed", amount_per_country: "hit" });
  await expect(graphNode(page, "processed_data").getByTestId("same-value")).toHaveText("same value, saved 1 node");
  await graphNode(page, "processed_data").click();
  await expect(page.getByTestId("explanation-same-value")).toContainText("saved 1 node");
});

test("a changed input is the root cause; two runs compared show a table value diff", async ({ page }) => {
  await openExample(page, "changing-inputs");
  await page.getByTestId("input-cutoff_date").fill("2024-09-01");
  await run(page);
  await page.getByTestId("input-cutoff_date").fill("2024-09-11");
  await plans(page, { raw_data: "hit", processed_data: "execute", amount_per_country: "depends" });
  await run(page);
  await reasons(page, { processed_data: "upstream_changed", amount_per_country: "upstream_changed" });
  await expect(graphNode(page, "cutoff_date")).toHaveAttribute("data-cause", "true");

  await page.getByTestId("tab-compare").click();
  const compare = page.getByTestId("compare-panel");
  await expect(compare.getByTestId("compare-row-raw_data")).toHaveAttribute("data-value-changed", "false");
  await expect(compare.getByTestId("compare-row-processed_data")).toHaveAttribute("data-value-changed", "true");
  await compare.getByTestId("compare-value-amount_per_country").click();
  const diff = compare.getByTestId("value-diff");
  // Canada drops out: by position USA's row lands where Canada's was; by country only USA's total changed.
  await expect(diff).toHaveAttribute("data-changed-rows", "1");
  await expect(diff).toContainText("2 → 1 rows");
  await expect(diff).toContainText("1 removed");
  await expect(diff.locator("tbody tr").first()).toContainText("Canada");
  await diff.getByTestId("value-diff-key").selectOption("country");
  await expect(diff.locator("tbody tr")).toHaveCount(1);
  await expect(diff.locator("tbody tr")).toContainText(/USA\s*amound_in_usd\s*1719\.24\s*729\.9/);
});
