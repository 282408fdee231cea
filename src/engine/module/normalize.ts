import type { Token } from "acorn";
import type * as ESTree from "estree";
import { normalizeSql } from "../sql/text";

type Ranged = { start: number; end: number };
type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression;

/** A docstring-like leading string (`"Loads the data."` or `"use strict"`) documents, it doesn't compute. */
function directiveRanges(fn: FunctionNode): Ranged[] {
  if (fn.body.type !== "BlockStatement") return [];
  const ranges: Ranged[] = [];
  for (const statement of fn.body.body) {
    if (statement.type !== "ExpressionStatement" || statement.expression.type !== "Literal") break;
    if (typeof statement.expression.value !== "string") break;
    ranges.push(statement as unknown as Ranged);
  }
  return ranges;
}

const CLOSERS = new Set([")", "]", "}"]);
/** After these, a line break ends the statement (ASI): `return\nx` returns undefined. */
const RESTRICTED = new Set(["return", "throw", "break", "continue", "yield"]);

/**
 * In a `sql()` node, a query's comments and layout are formatting too: its template parts and
 * strings are normalised as SQL (sql/text.ts), keeping a part's edge spaces where they separate
 * it from what `${…}` puts there.
 */
function sqlText(source: string, token: Token): string {
  const text = source.slice(token.start, token.end);
  const label = token.type.label;
  // Next to a backtick a part's edge is the query's; next to `${` or `}` it separates.
  if (label === "template") return normalizeSql(text, { keepStart: source[token.start - 1] !== "`", keepEnd: source[token.end] !== "`" });
  if (label === "string" && text.length >= 2) return text[0] + normalizeSql(text.slice(1, -1)) + text.at(-1);
  return text;
}

/**
 * The definition's tokens, one space apart. Comments never become tokens, so comments, JSDoc and
 * whitespace drop out; semicolons and trailing commas are formatting too (Prettier adds or removes
 * them), so they go as well. Anything else, a changed number or option, changes the text.
 */
export function normalizeCode(source: string, tokens: readonly Token[], decl: Ranged, fn: FunctionNode, sql = false): string {
  const skip = directiveRanges(fn);
  const inside = tokens.filter(
    (t) => t.end > t.start && t.start >= decl.start && t.end <= decl.end && !skip.some((r) => t.start >= r.start && t.end <= r.end),
  );
  const texts: string[] = [];
  inside.forEach((token, i) => {
    const text = sql ? sqlText(source, token) : source.slice(token.start, token.end);
    if (text === ";") return;
    const next = inside[i + 1];
    const nextText = next ? source.slice(next.start, next.end) : "";
    if (text === "," && CLOSERS.has(nextText)) return;
    texts.push(text);
    if (RESTRICTED.has(text) && next && nextText !== ";" && nextText !== "}" && source.slice(token.end, next.start).includes("\n")) texts.push(";");
  });
  return texts.join(" ");
}
