import { describe, expect, it } from "vitest";
import { markersFromError, nodeLine } from "./markers";

const SOURCE = `import * as aq from "arquero";
export function raw_data() {}
export const processed_data = cache({}, (raw_data) => raw_data);
`;

describe("markersFromError", () => {
  it("uses the error's position when it has one", () => {
    const [marker] = markersFromError({ code: "SYNTAX", message: "Unexpected token", details: { line: 3, column: 7 } });
    expect(marker).toMatchObject({ line: 3, column: 7, severity: "error" });
    expect(marker.message).toContain("SYNTAX");
  });

  it("points at the node an error names", () => {
    expect(nodeLine(SOURCE, "processed_data")).toBe(3);
    expect(nodeLine(SOURCE, "raw_data.loader")).toBe(2);
    expect(markersFromError({ code: "NODE_FAILED", message: "boom", details: { node: "raw_data" } }, SOURCE)[0].line).toBe(2);
    expect(markersFromError({ message: "no position" }, SOURCE)).toEqual([]);
  });
});
