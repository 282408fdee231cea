import { describe, expect, it, vi } from "vitest";
import { BOOT_SCRIPT } from "./sandboxPage";

/** Runs the boot script as the sandbox page would, with `origin` as the frame's origin. */
function boot(origin: string) {
  let onMessage: ((event: { source: unknown; data: unknown }) => void) | undefined;
  const parent = { postMessage: vi.fn() };
  const started: string[] = [];
  class FakeWorker {
    onerror: unknown = null;
    constructor(url: string) {
      started.push(url);
    }
    postMessage(): void {}
  }
  const addEventListener = (_type: string, listener: typeof onMessage) => (onMessage = listener);
  new Function("addEventListener", "parent", "self", "Worker", BOOT_SCRIPT)(addEventListener, parent, { origin }, FakeWorker);
  onMessage?.({ source: parent, data: { sluiceRealm: 1, code: "self.onmessage = () => {};", port: {} } });
  return { parent, started };
}

describe("the sandbox page's boot script", () => {
  it("starts the compute worker in an opaque origin", () => {
    const { parent, started } = boot("null");
    expect(started).toHaveLength(1);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("starts nothing and says why when the frame is not sandboxed", () => {
    const { parent, started } = boot("https://host.example");
    expect(started).toEqual([]);
    expect(parent.postMessage).toHaveBeenCalledWith({ sluiceRealmError: expect.stringContaining("not isolated") }, "*");
  });
});
