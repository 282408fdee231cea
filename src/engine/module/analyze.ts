import { parse, type Token } from "acorn";
import * as arquero from "arquero";
import type * as ESTree from "estree";
import { SluiceError } from "../errors";
import type { CachingBehavior, NodeKind, StorageFormat } from "../types";
import { BEHAVIORS, FORMATS } from "../types";
import { normalizeCode } from "./normalize";
import { checkModuleSize } from "./compile";
import { moduleBindingsUsed } from "./uses";
import { checkCompression } from "../formats/parquetCompression";
import { fileNamesIn, looksLikeFile } from "../sql/text";

export interface ParamSpec {
  name: string;
  /** Source of the default value expression, when the parameter has one. */
  defaultText?: string;
}

/** A node as written in a module, before loaders are split in two. */
export interface NodeDefinition {
  name: string;
  kind: Exclude<NodeKind, "loader-data">;
  params: ParamSpec[];
  behavior?: CachingBehavior;
  format?: StorageFormat;
  /** Module constants and helpers it reads: not part of its code version (see module/uses.ts). */
  uses: string[];
  /** The definition with comments, directives and formatting removed: what the code version hashes. */
  normalizedCode: string;
  moduleIndex: number;
  line: number;
  column: number;
  /** For a `sql()` node: where its query's text starts, and the files the text names. */
  sql?: SqlSpec;
}

export interface SqlSpec {
  line: number;
  column: number;
  /** String literals of the text that name a file (`'flights.parquet'`): their versions enter the key. */
  files: string[];
}

type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression;
type Located = ESTree.Node & { start: number; end: number; loc?: ESTree.SourceLocation | null };

const WRAPPERS = ["cache", "dataloader", "datasaver", "sql"] as const;
type Wrapper = (typeof WRAPPERS)[number];

/** What `import { … } from "sluice"` may name (runtime/sluice.ts; analyze.test.ts keeps them equal). */
export const SLUICE_EXPORTS = ["cache", "dataloader", "datasaver", "sql", "files", "fetchTable"] as const;
const ARQUERO_EXPORTS = new Set(Object.keys(arquero));

/**
 * Imports are checked before anything runs: only `arquero` and `sluice`, and only names they
 * export. A typo is named with its line and what the module does offer, not left to fail as
 * "Cannot read properties of undefined" when the module loads.
 */
function checkImports(program: ESTree.Program, moduleIndex: number): void {
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration") continue;
    const from = String(statement.source.value);
    const at = (node: ESTree.Node) => {
      const loc = (node as Located).loc;
      return { line: loc?.start.line, column: loc === undefined || loc === null ? undefined : loc.start.column + 1 };
    };
    if (from !== "sluice" && from !== "arquero") {
      throw new SluiceError("BAD_OPTION", `Module ${moduleIndex + 1} imports "${from}": only "arquero" and "sluice" can be imported`, { option: "import", ...at(statement) });
    }
    for (const spec of statement.specifiers) {
      if (spec.type === "ImportNamespaceSpecifier") continue;
      const name = spec.type === "ImportDefaultSpecifier" ? "default" : spec.imported.type === "Identifier" ? spec.imported.name : String(spec.imported.value);
      const known = from === "sluice" ? (SLUICE_EXPORTS as readonly string[]).includes(name) : ARQUERO_EXPORTS.has(name);
      if (known) continue;
      const offers = from === "sluice" ? `it offers ${SLUICE_EXPORTS.join(", ")}` : `import * as aq from "arquero" to see what it offers (table, op, from, loadCSV, ...)`;
      const what = name === "default" ? `a default export from "${from}", which has none` : `\`${name}\` from "${from}", which has no such export`;
      throw new SluiceError("SYNTAX", `Module ${moduleIndex + 1} imports ${what}; ${offers}`, at(spec));
    }
  }
}

/** Local names bound to sluice's wrappers (`import { cache as c } from "sluice"` gives c → cache). */
function sluiceImports(program: ESTree.Program): Map<string, Wrapper | "namespace"> {
  const names = new Map<string, Wrapper | "namespace">();
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration" || statement.source.value !== "sluice") continue;
    for (const spec of statement.specifiers) {
      if (spec.type === "ImportNamespaceSpecifier") names.set(spec.local.name, "namespace");
      if (spec.type === "ImportSpecifier" && spec.imported.type === "Identifier") {
        const imported = spec.imported.name as Wrapper;
        if (WRAPPERS.includes(imported)) names.set(spec.local.name, imported);
      }
    }
  }
  return names;
}

function wrapperOf(call: ESTree.CallExpression, imports: Map<string, Wrapper | "namespace">): Wrapper | undefined {
  const callee = call.callee;
  if (callee.type === "Identifier") {
    const bound = imports.get(callee.name);
    return bound && bound !== "namespace" ? bound : undefined;
  }
  if (callee.type === "MemberExpression" && callee.object.type === "Identifier" && callee.property.type === "Identifier") {
    const name = callee.property.name as Wrapper;
    return imports.get(callee.object.name) === "namespace" && WRAPPERS.includes(name) ? name : undefined;
  }
  return undefined;
}

type Locals = Map<string, { decl: Located; init: ESTree.Node }>;

interface Unwrapped {
  fn: FunctionNode;
  /** A module function the wrapper names (`cache(opts, load)`): its code is part of the node's. */
  named?: Located;
  kind: NodeDefinition["kind"];
  behavior?: CachingBehavior;
  format?: StorageFormat;
  sql?: boolean;
}

function literalOption(options: ESTree.Node | undefined, key: string): string | undefined {
  if (options?.type !== "ObjectExpression") return undefined;
  for (const prop of options.properties) {
    if (prop.type !== "Property" || prop.value.type !== "Literal") continue;
    const name = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "Literal" ? String(prop.key.value) : "";
    if (name === key && typeof prop.value.value === "string") return prop.value.value;
  }
  return undefined;
}

/** Peels `cache(opts, dataloader(fn))` and friends down to the function, collecting what they say. */
function unwrap(expr: ESTree.Node, imports: Map<string, Wrapper | "namespace">, name: string, locals: Locals, inWrapper = false): Unwrapped | undefined {
  if (expr.type === "ArrowFunctionExpression" || expr.type === "FunctionExpression") return { fn: expr, kind: "function" };
  if (inWrapper && expr.type === "Identifier") {
    const local = locals.get(expr.name);
    const fn = local?.init;
    if (fn?.type === "FunctionDeclaration" || fn?.type === "ArrowFunctionExpression" || fn?.type === "FunctionExpression") {
      return { fn, kind: "function", named: local!.decl };
    }
  }
  if (expr.type !== "CallExpression") return undefined;
  const wrapper = wrapperOf(expr, imports);
  if (!wrapper) return undefined;
  const inner = expr.arguments.at(-1);
  const found = inner && inner.type !== "SpreadElement" ? unwrap(inner, imports, name, locals, true) : undefined;
  if (!found) {
    throw new SluiceError("BAD_OPTION", `${wrapper}() for node \`${name}\` needs a function as its last argument`, { node: name });
  }
  if (wrapper === "dataloader") return { ...found, kind: "loader" };
  if (wrapper === "datasaver") return { ...found, kind: "saver" };
  if (wrapper === "sql" && found.kind !== "function") {
    throw new SluiceError("BAD_OPTION", `sql() for node \`${name}\` needs a function that returns the query, not a loader or saver`, { node: name });
  }
  const options = expr.arguments.length > 1 ? expr.arguments[0] : undefined;
  const behavior = literalOption(options, "behavior");
  const format = literalOption(options, "format");
  if (behavior !== undefined && !BEHAVIORS.includes(behavior as CachingBehavior)) {
    throw new SluiceError("BAD_OPTION", `Unknown behavior "${behavior}" for node \`${name}\` (use ${BEHAVIORS.join(", ")})`, { node: name, option: "behavior" });
  }
  if (format !== undefined && !FORMATS.includes(format as (typeof FORMATS)[number])) {
    throw new SluiceError("BAD_OPTION", `Unknown format "${format}" for node \`${name}\` (use ${FORMATS.join(", ")})`, { node: name, option: "format" });
  }
  // A literal compression is checked as the user types; the rest when the module runs (program.ts).
  checkCompression(literalOption(options, "compression"), { node: name, label: `Node \`${name}\`` });
  return { ...found, behavior: (behavior as CachingBehavior) ?? found.behavior, format: (format as StorageFormat) ?? found.format, sql: found.sql || wrapper === "sql" };
}


/** The query a `sql()` function returns: a template or string literal, its body or its return. */
function sqlSpecOf(fn: FunctionNode, name: string): SqlSpec {
  let text: ESTree.Node | undefined;
  if (fn.body.type !== "BlockStatement") text = fn.body;
  else {
    const returned = fn.body.body.find((s): s is ESTree.ReturnStatement => s.type === "ReturnStatement");
    text = returned?.argument ?? undefined;
  }
  const literal = text?.type === "TemplateLiteral" ? text.quasis[0] : text?.type === "Literal" && typeof text.value === "string" ? text : undefined;
  if (!literal) {
    throw new SluiceError("BAD_OPTION", `sql() for node \`${name}\` needs a function that returns its query as a string or template literal`, {
      node: name,
      line: fn.loc?.start.line,
      column: fn.loc ? fn.loc.start.column + 1 : undefined,
    });
  }
  const raw = text!.type === "TemplateLiteral" ? text.quasis.map((q) => q.value.cooked ?? q.value.raw).join(" ") : String((literal as ESTree.Literal).value);
  const loc = literal.loc!;
  // A template's first character sits one after its backtick; a string's one after its quote.
  const offset = text!.type === "TemplateLiteral" ? 0 : 1;
  return { line: loc.start.line, column: loc.start.column + 1 + offset, files: fileNamesIn(raw, looksLikeFile) };
}

function paramsOf(fn: FunctionNode, source: string, name: string): ParamSpec[] {
  return fn.params.map((param) => {
    if (param.type === "Identifier") return { name: param.name };
    if (param.type === "AssignmentPattern" && param.left.type === "Identifier") {
      const right = param.right as Located;
      return { name: param.left.name, defaultText: source.slice(right.start, right.end) };
    }
    throw new SluiceError("BAD_OPTION", `Node \`${name}\`: parameters must be plain names (they name dependencies); destructuring and rest parameters are not supported`, { node: name });
  });
}

/** Finds a module's nodes: every exported function, arrow function or sluice-wrapped function. */
export function analyzeModule(javascript: string, moduleIndex = 0): NodeDefinition[] {
  checkModuleSize(javascript, moduleIndex);
  const tokens: Token[] = [];
  let program: ESTree.Program;
  try {
    program = parse(javascript, { ecmaVersion: "latest", sourceType: "module", locations: true, onToken: tokens }) as unknown as ESTree.Program;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new SluiceError("SYNTAX", `Syntax error in module ${moduleIndex + 1}: ${(error as Error).message}`, {
      line: loc?.line,
      column: loc === undefined ? undefined : loc.column + 1,
      cause: error,
    });
  }
  checkImports(program, moduleIndex);
  const imports = sluiceImports(program);
  const locals = new Map<string, { decl: Located; init: ESTree.Node }>();
  for (const statement of program.body) {
    const decl = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (decl?.type === "FunctionDeclaration" && decl.id) locals.set(decl.id.name, { decl: decl as Located, init: decl });
    if (decl?.type === "VariableDeclaration") {
      for (const d of decl.declarations) {
        if (d.id.type === "Identifier" && d.init) locals.set(d.id.name, { decl: d as Located, init: d.init });
      }
    }
  }

  const exported: { name: string; local: string }[] = [];
  for (const statement of program.body) {
    if (statement.type !== "ExportNamedDeclaration") continue;
    const decl = statement.declaration;
    if (decl?.type === "FunctionDeclaration" && decl.id) exported.push({ name: decl.id.name, local: decl.id.name });
    if (decl?.type === "VariableDeclaration") {
      for (const d of decl.declarations) if (d.id.type === "Identifier") exported.push({ name: d.id.name, local: d.id.name });
    }
    if (!statement.source) {
      for (const spec of statement.specifiers) {
        const local = spec.local.type === "Identifier" ? spec.local.name : String(spec.local.value);
        const name = spec.exported.type === "Identifier" ? spec.exported.name : String(spec.exported.value);
        exported.push({ name, local });
      }
    }
  }

  const nodes: NodeDefinition[] = [];
  const bindings = new Set(locals.keys());
  for (const { name, local } of exported) {
    const binding = locals.get(local);
    if (!binding) continue;
    const unwrapped: Unwrapped | undefined = binding.init.type === "FunctionDeclaration" ? { fn: binding.init, kind: "function" as const } : unwrap(binding.init, imports, name, locals);
    if (!unwrapped) continue; // an exported constant, not a node
    const sql = unwrapped.sql ? sqlSpecOf(unwrapped.fn, name) : undefined;
    nodes.push({
      name,
      kind: unwrapped.kind,
      params: paramsOf(unwrapped.fn, javascript, name),
      behavior: unwrapped.behavior,
      format: unwrapped.format,
      uses: moduleBindingsUsed(unwrapped.fn, bindings, local),
      normalizedCode: [binding.decl, unwrapped.named]
        .filter((d): d is Located => d !== undefined)
        .map((d) => normalizeCode(javascript, tokens, d, unwrapped.fn, sql !== undefined))
        .join(" "),
      moduleIndex,
      line: binding.decl.loc?.start.line ?? 1,
      column: (binding.decl.loc?.start.column ?? 0) + 1,
      ...(sql && { sql }),
    });
  }
  return nodes;
}
