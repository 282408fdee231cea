import { describe, expect, it } from "vitest";
import { analyzeModules } from "../../engine";
import { usesWarnings } from "./markers";

describe("usesWarnings", () => {
  it("warns where a node reads a module constant that its code version ignores", async () => {
    const source = `import * as aq from "arquero";\nconst DATA = { a: [1] };\nexport function raw_data() {\n  return aq.table(DATA);\n}\nexport const total = (raw_data) => raw_data.numRows();\n`;
    const markers = usesWarnings(await analyzeModules([source]), source);
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ line: 3, column: 17, severity: "warning" });
    expect(markers[0].message).toContain("raw_data reads DATA");
  });
});
