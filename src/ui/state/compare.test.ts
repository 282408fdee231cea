import { describe, expect, it } from "vitest";
import { comparedPair } from "./compare";

describe("which two runs the Compare tab shows", () => {
  const none = { before: undefined, after: undefined, node: undefined, key: undefined };
  it("follows the shown run (or the newest) and the one before it, unless chosen", () => {
    expect(comparedPair(none, ["a", "b", "c"], undefined)).toEqual({ before: "b", after: "c" });
    expect(comparedPair(none, ["a", "b", "c"], "b")).toEqual({ before: "a", after: "b" });
    expect(comparedPair(none, ["a"], undefined)).toEqual({ before: undefined, after: "a" });
    expect(comparedPair({ ...none, before: "a" }, ["a", "b", "c"], undefined)).toEqual({ before: "a", after: "c" });
  });
});
