// The built app opens and runs offline after a first visit (README, "Offline and installing").
import { expect, test } from "@playwright/test";
import { expectStatuses, openExample, run, waitForEditor } from "./app";

// The config blocks service workers so the other specs fetch only what they use; this one needs it.
test.use({ serviceWorkers: "allow" });

test("after a first visit the app opens and runs offline", async ({ page, context }) => {
  await openExample(page, "basics");
  // Installed means every built file is in the cache; controlled means this page's requests go through it.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? "none")).toBe("activated");
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { name: string; start_url: string; display: string }) : null;
  });
  expect(manifest).toMatchObject({ name: "Sluice", start_url: ".", display: "standalone" });

  await context.setOffline(true);
  await page.reload();
  await waitForEditor(page);
  // A fresh run, not one from the cache: the compute realm (sandbox.html and its worker) must load offline too.
  await run(page);
  await expectStatuses(page, { raw_data: "executed", processed_data: "executed" });
  // Under the service worker its header, not the iframe's attribute, sandboxes the realm: still opaque.
  const realm = page.frames().find((frame) => frame.url().endsWith("/sandbox.html"));
  expect(await realm?.evaluate(() => self.origin)).toBe("null");

  // Nothing outside the build is answered by the worker: an unknown path still fails offline.
  const stray = await page.evaluate(() => fetch("./not-part-of-the-build.txt").then((r) => r.status, () => "failed"));
  expect(stray).toBe("failed");
});
