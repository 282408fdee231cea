import { describe, expect, it } from "vitest";
import { parameterSite } from "./parameterSite";

describe("parameterSite", () => {
  it("finds an exported function's parameters", () => {
    expect(parameterSite("export function processed_data(")).toEqual({ node: "processed_data", written: [] });
    expect(parameterSite("export async function p(raw_data, cut")).toEqual({ node: "p", written: ["raw_data"] });
    expect(parameterSite("export function p(raw_data: aq.ColumnTable, ")).toEqual({ node: "p", written: ["raw_data"] });
  });

  it("finds exported arrows, plain or wrapped", () => {
    expect(parameterSite("export const a = (")?.node).toBe("a");
    expect(parameterSite("export const a = async (x, ")?.node).toBe("a");
    expect(parameterSite('export const a = cache({ behavior: "recompute" }, (')?.node).toBe("a");
    expect(parameterSite("export const a = dataloader(() => 1);\nexport const b = datasaver((")?.node).toBe("b");
    expect(parameterSite("export const a = cache({}, dataloader(async (")?.node).toBe("a");
    expect(parameterSite("export const a = cache({}, function (")?.node).toBe("a");
  });

  it("stays quiet elsewhere", () => {
    expect(parameterSite("function helper(")).toBeUndefined();
    expect(parameterSite("export function p(a) {\n  return a.filter((")).toBeUndefined();
    expect(parameterSite("export function p(a) {\n  foo(")).toBeUndefined();
    expect(parameterSite("export function p(limit = ")).toBeUndefined();
    expect(parameterSite("export function p(a: ")).toBeUndefined();
    expect(parameterSite("export function p(opts = { ")).toBeUndefined();
    expect(parameterSite("export const a = x.cache(")).toBeUndefined();
    expect(parameterSite("export const a = compute(")).toBeUndefined();
  });
});
