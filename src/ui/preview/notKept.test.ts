import { describe, expect, it } from "vitest";
import { notKept } from "./notKept";

describe("notKept", () => {
  it("says why a disable or ignore node's value is gone and what to do", () => {
    const text = notKept({ name: "processed_data", behavior: "disable" }, "Not in the result store");
    expect(text).toContain("behaviour disable");
    expect(text).toContain("Request processed_data as an output, or run again");
    expect(notKept({ name: "x", behavior: "ignore" }, "gone")).toContain("behaviour ignore");
  });

  it("keeps the worker's reason for nodes whose results are stored", () => {
    expect(notKept({ name: "x", behavior: "default" }, "cleared")).toBe("cleared");
    expect(notKept({ name: "x" }, "cleared")).toBe("cleared");
  });
});
