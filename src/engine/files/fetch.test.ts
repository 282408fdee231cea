import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { isSluiceError } from "../errors";
import { fetchTable } from "./index";

const respond = (body: BodyInit, init: ResponseInit = {}) => (async () => new Response(body, init)) as typeof fetch;

async function code(run: () => Promise<unknown>) {
  const error = await run().then(() => undefined, (e: unknown) => e);
  if (!isSluiceError(error)) throw new Error(`expected a SluiceError, got ${String(error)}`);
  return error.code;
}

describe("fetchTable", () => {
  it("reads CSV by the URL's extension", async () => {
    const t = await fetchTable("https://example.org/data/sales.csv?v=2", undefined, { fetch: respond("a,b\n1,x\n2,y\n") });
    expect(t.objects()).toEqual([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
  });

  it("reads Arrow by Content-Type when the URL has no extension", async () => {
    const bytes = aq.toArrowIPC(aq.table({ n: [1, 2] }), { format: "file" }) as Uint8Array<ArrayBuffer>;
    const headers = { "content-type": "application/vnd.apache.arrow.file" };
    const t = await fetchTable("https://example.org/api/table", undefined, { fetch: respond(bytes, { headers }) });
    expect(t.array("n", Array)).toEqual([1, 2]);
  });

  it("fails with STORAGE when offline or blocked, and on HTTP errors", async () => {
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await code(() => fetchTable("https://example.org/a.csv", undefined, { fetch: offline }))).toBe("STORAGE");
    expect(await code(() => fetchTable("https://example.org/a.csv", undefined, { fetch: respond("no", { status: 404 }) }))).toBe("STORAGE");
  });

  it("fails with BAD_OPTION when the format cannot be told", async () => {
    expect(await code(() => fetchTable("https://example.org/api", undefined, { fetch: respond("a\n1\n") }))).toBe("BAD_OPTION");
  });

  it("fails when JSON is not table-shaped", async () => {
    expect(await code(() => fetchTable("https://example.org/x.json", undefined, { fetch: respond('{"a":1}') }))).toBe("STORAGE");
  });
});
