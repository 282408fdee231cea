import { describe, expect, it } from "vitest";
import type { Analysis } from "../../worker/protocol";
import { effectiveDriverOptions, requestedOutputs } from "./runOptions";

const node = (name: string, dependencies: string[] = [], inputs: string[] = []) =>
  ({ name, kind: "function", dependencies, inputs, codeVersion: `cv-${name}`, moduleIndex: 0, line: 1 }) as Analysis["nodes"][number];

const analysis: Analysis = {
  nodes: [node("raw_data"), node("processed_data", ["raw_data"], ["cutoff_date"]), node("amount_per_country", ["processed_data"])],
  inputs: [{ name: "cutoff_date", optional: false, usedBy: ["processed_data"] }],
  errors: [],
};

describe("requestedOutputs", () => {
  it("asks for the sinks when the user has not chosen", () => {
    expect(requestedOutputs({ requested: undefined }, analysis)).toEqual(["amount_per_country"]);
  });

  it("keeps chosen names the code still defines, else falls back to the sinks", () => {
    expect(requestedOutputs({ requested: ["processed_data", "gone"] }, analysis)).toEqual(["processed_data"]);
    expect(requestedOutputs({ requested: ["gone"] }, analysis)).toEqual(["amount_per_country"]);
  });
});

describe("effectiveDriverOptions", () => {
  it("passes the driver options through when no node has its own choice", () => {
    expect(effectiveDriverOptions({ driver: { recompute: true }, behaviors: {} }, analysis)).toEqual({ recompute: true });
  });

  it("moves a node out of other lists into the one it was given", () => {
    const options = effectiveDriverOptions({ driver: { recompute: ["raw_data", "processed_data"] }, behaviors: { raw_data: "disable" } }, analysis);
    expect(options).toEqual({ recompute: ["processed_data"], disable: ["raw_data"] });
  });

  it("spells out a `true` list so no node is under two behaviours", () => {
    const options = effectiveDriverOptions({ driver: { recompute: true }, behaviors: { raw_data: "ignore" } }, analysis);
    expect(options.recompute).toEqual(["processed_data", "amount_per_country", "cutoff_date"]);
    expect(options.ignore).toEqual(["raw_data"]);
  });

  it("drops names the code no longer defines (the engine would reject them)", () => {
    const options = effectiveDriverOptions({ driver: { recompute: ["old_node", "raw_data"] }, behaviors: { gone: "disable" } }, analysis);
    expect(options).toEqual({ recompute: ["raw_data"] });
  });
});
