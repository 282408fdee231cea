import { beforeEach, describe, expect, it } from "vitest";
import { answerQuestion, askVisitor } from "../actions/network";
import { networkQuestions, networkStore, revokeGrant, selectGrant, selectGrants, setGrant, setGrants } from "./network";

beforeEach(() => {
  setGrants({});
  networkQuestions.set({ asking: [] });
});

describe("network grants", () => {
  it("sets, replaces and revokes a grant per origin", () => {
    setGrant("https://a.example", "allow");
    setGrant("https://b.example", "deny");
    expect(selectGrants(networkStore.get())).toEqual({ "https://a.example": "allow", "https://b.example": "deny" });
    setGrant("https://a.example", "deny");
    expect(selectGrant("https://a.example")(networkStore.get())).toBe("deny");
    revokeGrant("https://a.example");
    expect(selectGrant("https://a.example")(networkStore.get())).toBeUndefined();
  });

  it("asks the visitor once per origin, however many nodes ask, and keeps the answer", async () => {
    const first = askVisitor("https://a.example", "https://a.example/1.csv");
    const second = askVisitor("https://a.example", "https://a.example/2.csv");
    expect(networkQuestions.get().asking).toEqual([{ origin: "https://a.example", url: "https://a.example/1.csv" }]);
    answerQuestion("https://a.example", true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(networkQuestions.get().asking).toEqual([]);
    await expect(askVisitor("https://a.example", "https://a.example/3.csv")).resolves.toBe(true);
    expect(networkQuestions.get().asking).toEqual([]);
  });

  it("answers from a kept refusal without asking", async () => {
    setGrant("https://b.example", "deny");
    await expect(askVisitor("https://b.example", "https://b.example/x")).resolves.toBe(false);
    expect(networkQuestions.get().asking).toEqual([]);
  });
});
