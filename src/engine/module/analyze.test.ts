import { describe, expect, it } from "vitest";
import { buildDataflow } from "../graph/dataflow";
import { SluiceError } from "../errors";
import { analyzeModule, SLUICE_EXPORTS } from "./analyze";
import { createSluiceModule } from "../runtime/sluice";
import { createMemoryFileArea } from "../files";

async function versionOf(source: string, node = "f"): Promise<string> {
  return (await buildDataflow([source])).nodes.get(node)!.codeVersion;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as SluiceError).code;
  }
  return undefined;
}

describe("modules and code versions", () => {
  const base = `export function f(a: number, b = 10) {\n  return a + b;\n}\n`;

  it("finds exported functions, arrows and wrapped functions; helpers are not nodes", async () => {
    const flow = await buildDataflow([
      `import { cache, dataloader } from "sluice";\nfunction helper() { return 1; }\nexport const DATA = [1];\nexport function a() { return helper(); }\nexport const b = (a) => a;\nexport const c = cache({ behavior: "recompute" }, (b, x) => b + x);\nexport const d = dataloader(() => [1, {}]);\n`,
    ]);
    expect(flow.order).toEqual(["a", "b", "c", "d.loader", "d"]);
    expect(flow.nodes.get("c")!.behavior).toBe("recompute");
    expect(flow.nodes.get("c")!.dependencies).toEqual(["b"]);
    expect(flow.nodes.get("c")!.inputs).toEqual(["x"]);
    expect(flow.nodes.get("d")!.dependencies).toEqual(["d.loader"]);
    expect([...flow.inputs.keys()]).toEqual(["x"]);
  });

  it("defaults make optional inputs", async () => {
    const flow = await buildDataflow([base]);
    expect(flow.inputs.get("a")!.optional).toBe(false);
    expect(flow.inputs.get("b")!.optional).toBe(true);
  });

  it("ignores comments, JSDoc, directives, whitespace, semicolons and types", async () => {
    const v = await versionOf(base);
    expect(await versionOf(`/** Adds. */\nexport function f(a, b = 10) { "Adds two numbers."; // sum\n return a + b }`)).toBe(v);
    expect(await versionOf(`export function f(\n  a: number,\n  b: number = 10,\n): number {\n  /* why */ return a + b;\n}`)).toBe(v);
  });

  it("changes with code, defaults and wrapper options", async () => {
    const v = await versionOf(base);
    expect(await versionOf(base.replace("return a + b", "return\n a + b"))).not.toBe(v); // ASI: returns undefined
    expect(await versionOf(base.replace("a + b", "a - b"))).not.toBe(v);
    expect(await versionOf(base.replace("b = 10", "b = 11"))).not.toBe(v);
    const wrapped = (opts: string) => `import { cache } from "sluice";\nexport const f = cache(${opts}, (a) => a);`;
    expect(await versionOf(wrapped(`{ format: "json" }`))).not.toBe(await versionOf(wrapped(`{ format: "parquet" }`)));
  });

  it("names errors: syntax with line and column, cycles, duplicates", async () => {
    const syntax = await buildDataflow(["export function f() {\n  return (1 +;\n}"]).catch((e: SluiceError) => e);
    expect(syntax).toBeInstanceOf(SluiceError);
    expect((syntax as SluiceError).code).toBe("SYNTAX");
    expect((syntax as SluiceError).details.line).toBe(2);
    expect((syntax as SluiceError).details.column).toBeGreaterThan(0);

    const cycle = await buildDataflow(["export const a = (c) => c;\nexport const b = (a) => a;\nexport const c = (b) => b;"]).catch((e: SluiceError) => e);
    expect((cycle as SluiceError).code).toBe("CYCLE");
    expect(new Set((cycle as SluiceError).details.cycle)).toEqual(new Set(["a", "b", "c"]));

    expect(await codeOf(buildDataflow(["export const a = () => 1;", "export function a() { return 2; }"]))).toBe("DUPLICATE_NODE");
    expect(await codeOf(buildDataflow([`import { cache } from "sluice";\nexport const a = cache({ behavior: "sometimes" }, () => 1);`]))).toBe("BAD_OPTION");
  });
});

describe("what a node reads from its module", () => {
  it("lists module constants and helpers, not locals, params, properties or imports", async () => {
    const flow = await buildDataflow([
      `import * as aq from "arquero";
const DATA = { a: [1] };
const RATE = 0.7;
function helper(x) { return x * RATE; }
export function raw_data() { return aq.table(DATA); }
export function scaled(raw_data, factor = RATE) {
  const DATA = 2; // shadows the module's
  return raw_data.derive({ b: (d) => d.a * DATA }).objects().map((row) => helper(row.b) + factor);
}`,
    ]);
    expect(flow.nodes.get("raw_data")!.uses).toEqual(["DATA"]);
    expect(flow.nodes.get("scaled")!.uses).toEqual(["RATE", "helper"]);
  });

  it("names an import the module does not have, with its line and what sluice offers", () => {
    const typo = `import * as aq from "arquero";\nimport { cache, filez } from "sluice";\nexport function a() { return 1; }\n`;
    expect(() => analyzeModule(typo)).toThrow(expect.objectContaining({ code: "SYNTAX", line: 2, message: expect.stringContaining("imports `filez` from \"sluice\", which has no such export; it offers cache, dataloader, datasaver, sql, files, fetchTable") }));
    expect(() => analyzeModule(`import { tabel } from "arquero";\nexport function a() { return 1; }\n`)).toThrow(expect.objectContaining({ code: "SYNTAX", line: 1 }));
    expect(() => analyzeModule(`import fs from "node:fs";\nexport function a() { return 1; }\n`)).toThrow(expect.objectContaining({ code: "BAD_OPTION" }));
  });

  it("knows every name the sluice module exports", () => {
    const names = Object.keys(createSluiceModule(() => createMemoryFileArea())).filter((n) => n !== "settle");
    expect([...SLUICE_EXPORTS].sort()).toEqual(names.sort());
  });
});
