import { describe, expect, it } from "vitest";
import { adjustChoice, columnsFor, suggestChart } from "./suggest";

const num = (name: string) => ({ name, type: "number" });
const text = (name: string) => ({ name, type: "string" });
const date = (name: string) => ({ name, type: "date" });

describe("suggestChart", () => {
  it("picks a mark from the column types", () => {
    expect(suggestChart([num("a")])).toEqual({ mark: "histogram", x: "a" });
    expect(suggestChart([text("city"), num("amount")])).toEqual({ mark: "bar", x: "city", y: "amount" });
    expect(suggestChart([date("when"), text("city"), num("amount")])).toEqual({ mark: "line", x: "when", y: "amount" });
    expect(suggestChart([num("a"), num("b")])).toEqual({ mark: "dot", x: "a", y: "b" });
    expect(suggestChart([{ name: "j", type: "json" }])).toBeUndefined();
  });
});

describe("adjustChoice", () => {
  const columns = [text("city"), num("amount"), num("rate"), date("when")];

  it("moves x to a column the new mark can draw", () => {
    expect(adjustChoice({ mark: "line", x: "city", y: "amount" }, columns)).toEqual({ mark: "line", x: "amount", y: "amount" });
  });

  it("drops y for a histogram and picks a second number for dots", () => {
    expect(adjustChoice({ mark: "histogram", x: "amount", y: "rate" }, columns)).toEqual({ mark: "histogram", x: "amount" });
    expect(adjustChoice({ mark: "dot", x: "amount" }, columns)).toEqual({ mark: "dot", x: "amount", y: "rate" });
    // Bars of amount by city turned into dots: x moves to amount, so y does not stay amount too.
    expect(adjustChoice({ mark: "dot", x: "city", y: "amount" }, columns)).toEqual({ mark: "dot", x: "amount", y: "rate" });
  });

  it("offers only numbers on y", () => {
    expect(columnsFor("bar", "y", columns).map((c) => c.name)).toEqual(["amount", "rate"]);
  });
});
