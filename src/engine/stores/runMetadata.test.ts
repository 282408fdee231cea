import { describe, expect, it } from "vitest";
import type { CacheKey, CodeVersion, DataVersion } from "../types";
import { runMetadataFrom, type ReadAhead } from "./runMetadata";

const entry = (nodeName: string, dataVersion: string) => ({
  cacheKey: `${nodeName}-key` as CacheKey,
  dataVersion: dataVersion as DataVersion,
  nodeName,
  codeVersion: "c" as CodeVersion,
  runId: "r",
  updatedAt: 1,
});

const ahead: ReadAhead = {
  nodeNames: ["a", "b"],
  read: {
    entries: [entry("a", "va"), entry("b", "vb")],
    results: [
      { dataVersion: "va" as DataVersion, format: "native" },
      { dataVersion: "vb" as DataVersion, format: "arrow" },
    ],
  },
};

describe("runMetadataFrom (a run's metadata read ahead of it)", () => {
  it("serves the nodes it was read for, with only their keys and results", () => {
    expect(runMetadataFrom(ahead, ["b"])).toEqual({ entries: [entry("b", "vb")], results: [{ dataVersion: "vb", format: "arrow" }] });
    expect(runMetadataFrom(ahead, ["a", "b"])).toEqual(ahead.read);
  });

  it("serves nothing when a node was not read: its keys could be missed", () => {
    expect(runMetadataFrom(ahead, ["a", "c"])).toBeUndefined();
  });
});
