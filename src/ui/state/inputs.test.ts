import { describe, expect, it } from "vitest";
import { inputText, parseInputs } from "./inputs";

describe("parseInputs", () => {
  it("reads text as text, numbers and JSON by their type, and leaves empty fields out", () => {
    const state = { values: { cutoff_date: "2024-09-01", n: "10", spec: '{"a":[1]}', empty: "" }, types: { n: "number", spec: "json" } as const };
    expect(parseInputs(state, ["cutoff_date", "n", "spec", "empty"])).toEqual({
      values: { cutoff_date: "2024-09-01", n: 10, spec: { a: [1] } },
      problems: [],
    });
  });

  it("names the input whose text can't be read", () => {
    const { problems } = parseInputs({ values: { n: "ten", spec: "{" }, types: { n: "number", spec: "json" } }, ["n", "spec"]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("`n`");
    expect(problems[1]).toContain("`spec`");
  });

  it("turns a run's values back into form text", () => {
    expect(inputText("2024-09-01")).toBe("2024-09-01");
    expect(inputText(3)).toBe("3");
    expect(inputText({ a: 1 })).toBe('{"a":1}');
  });
});
