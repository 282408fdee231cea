// Publishing (issue 20, SPEC.md §12): an author publishes from the UI, the bundle is baked into a
// build, the build is served from a sub-path by a plain static server, and a visitor opens it in
// a fresh on-disk profile: the author's history and previews before trust, a run that executes
// nothing after it, an input change, and a second visit offline.
import { chromium, expect, test } from "@playwright/test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { expectStatuses, graphNode, openExample, run, runItems, waitForApp } from "./app";
import { chromiumLaunchOptions } from "./browser";
import { serveStatic } from "../scripts/static-server.mjs";

test("publish from the UI, build, serve from a sub-path: history, previews, trust, hits, offline", async ({ page }) => {
  test.setTimeout(240_000);
  const work = mkdtempSync(join(tmpdir(), "sluice-publish-"));
  let served: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let context;
  try {
    // The author: two runs of "Changing code", then Publish… with the defaults (the last run).
    await openExample(page, "changing-code");
    // A damaged bundle opens nothing and says why in words.
    await page.getByTestId("workspace-import-input").setInputFiles({ name: "broken.sluice", mimeType: "application/zip", buffer: Buffer.from("PK\u0003\u0004 not a zip") });
    await expect(page.getByTestId("workspace-notice")).toContainText("broken.sluice opened nothing: This bundle cannot be opened");
    await run(page);
    await page.getByTestId("input-cutoff_date").fill("2024-09-06");
    await run(page);
    await page.getByTestId("publish-button").click();
    await expect(page.getByTestId("publish-size")).toHaveText(/\d+(\.\d)? (B|KB)/);
    await expect(page.getByTestId("publish-summary")).toContainText("1 run, 3 results");
    const download = page.waitForEvent("download");
    await page.getByTestId("publish-download").click();
    mkdirSync(join(work, "published"));
    await (await download).saveAs(join(work, "published", "my-demo.sluice"));

    // Into a build of its own, served from a sub-path.
    process.env.SLUICE_PUBLISHED_DIR = join(work, "published");
    await build({ logLevel: "error", build: { outDir: join(work, "dist"), emptyOutDir: true } });
    delete process.env.SLUICE_PUBLISHED_DIR;
    served = await serveStatic(join(work, "dist"), "/demo/app/");

    // The visitor's first visit, no parameters: the demo opens, untrusted, with the author's run.
    context = await chromium.launchPersistentContext(join(work, "profile"), { ...chromiumLaunchOptions(), serviceWorkers: "allow" });
    const visitor = context.pages()[0] ?? (await context.newPage());
    await visitor.goto(served.url);
    await waitForApp(visitor);
    await expect(visitor.getByTestId("link-warning")).toContainText("published dataflow");
    await expect(visitor.getByTestId("run-button")).toBeDisabled();
    await expect(runItems(visitor)).toHaveCount(1);
    await expect(runItems(visitor).first()).toHaveAttribute("data-source", "published");
    await expect(runItems(visitor).first()).toHaveAttribute("data-selected", "true");
    await expectStatuses(visitor, { raw_data: "cached", processed_data: "executed" });
    // A preview of a published table, read as data before anything ran.
    await graphNode(visitor, "amount_per_country").click();
    await expect(visitor.getByTestId("preview")).toContainText("Canada");

    // Trusted and run unchanged: every node is a hit from the published cache.
    await visitor.getByTestId("link-trust").click();
    await run(visitor);
    await expectStatuses(visitor, { raw_data: "cached", processed_data: "cached", amount_per_country: "cached" });
    await expect(graphNode(visitor, "amount_per_country")).toHaveAttribute("data-from", "published");
    // An input change: only its dependants execute; raw_data still comes from the bundle.
    await visitor.getByTestId("input-cutoff_date").fill("2024-09-10");
    await run(visitor);
    await expectStatuses(visitor, { raw_data: "cached", processed_data: "executed", amount_per_country: "executed" });
    await expect(graphNode(visitor, "raw_data")).toHaveAttribute("data-from", "published");

    // A second visit, offline: the app from the service worker, the bundle's bodies from the browser.
    await expect.poll(() => visitor.evaluate(() => navigator.serviceWorker.controller?.state ?? "none")).toBe("activated");
    await context.setOffline(true);
    await visitor.reload();
    await waitForApp(visitor);
    await expect(runItems(visitor).first()).toHaveAttribute("data-source", "published");
    await runItems(visitor).first().click();
    await graphNode(visitor, "amount_per_country").click();
    await expect(visitor.getByTestId("preview")).toContainText("Canada");
    await run(visitor);
    await expectStatuses(visitor, { raw_data: "cached", processed_data: "cached", amount_per_country: "cached" });
  } finally {
    await context?.close().catch(() => undefined);
    await served?.close();
    rmSync(work, { recursive: true, force: true });
  }
});
