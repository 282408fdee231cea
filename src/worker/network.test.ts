import { describe, expect, it, vi } from "vitest";
import { createAskTable, createNetworkBroker } from "./network";

const csv = () => new Response("a\n1\n", { status: 200, headers: { "content-type": "text/csv" } });

describe("network broker", () => {
  it("asks for the URL's origin, then fetches without credentials", async () => {
    const ask = vi.fn(async () => true);
    const doFetch = vi.fn(async () => csv());
    const got = await createNetworkBroker(ask, doFetch)("https://data.example.org/x.csv?y=1");
    expect(ask).toHaveBeenCalledWith("https://data.example.org", "https://data.example.org/x.csv?y=1");
    expect(doFetch).toHaveBeenCalledWith("https://data.example.org/x.csv?y=1", { credentials: "omit" });
    expect(got).toMatchObject({ status: 200, contentType: "text/csv" });
    expect(new TextDecoder().decode(got.bytes)).toBe("a\n1\n");
  });

  it("refuses with NETWORK_DENIED naming the URL, and sends nothing", async () => {
    const doFetch = vi.fn(async () => csv());
    const broker = createNetworkBroker(async () => false, doFetch);
    await expect(broker("https://evil.example/steal")).rejects.toMatchObject({ code: "NETWORK_DENIED", message: expect.stringContaining("https://evil.example/steal") });
    await expect(broker("file:///etc/passwd")).rejects.toMatchObject({ code: "NETWORK_DENIED" });
    await expect(broker("relative/data.csv")).rejects.toMatchObject({ code: "NETWORK_DENIED" });
    expect(doFetch).not.toHaveBeenCalled();
  });

  it("reports an unreachable server as STORAGE", async () => {
    const broker = createNetworkBroker(async () => true, async () => Promise.reject(new TypeError("Failed to fetch")));
    await expect(broker("https://offline.example/a.csv")).rejects.toMatchObject({ code: "STORAGE" });
  });

  it("matches the page's answers to its questions", async () => {
    const sent: [number, string, string][] = [];
    const table = createAskTable((...question) => sent.push(question));
    const first = table.ask("https://a.example", "https://a.example/1");
    const second = table.ask("https://b.example", "https://b.example/2");
    expect(sent.map(([, origin]) => origin)).toEqual(["https://a.example", "https://b.example"]);
    expect(table.answer(sent[1][0], false)).toBe(true);
    expect(table.answer(sent[0][0], true)).toBe(true);
    expect(table.answer(99, true)).toBe(false);
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(false);
  });
});
