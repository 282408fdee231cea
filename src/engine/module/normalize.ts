import type { Token } from "acorn";
import type * as ESTree from "estree";

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
 * The definition's tokens, one space apart. Comments never become tokens, so comments, JSDoc and
 * whitespace drop out; semicolons and trailing commas are formatting too (Prettier adds or removes
 * them), so they go as well. Anything else, a changed number or option, changes the text.
 */
export function normalizeCode(source: string, tokens: readonly Token[], decl: Ranged, fn: FunctionNode): string {
  const skip = directiveRanges(fn);
  const inside = tokens.filter(
    (t) => t.end > t.start && t.start >= decl.start && t.end <= decl.end && !skip.some((r) => t.start >= r.start && t.end <= r.end),
  );
  const texts: string[] = [];
  inside.forEach((token, i) => {
    const text = source.slice(token.start, token.end);
    if (text === ";") return;
    const next = inside[i + 1];
    const nextText = next ? source.slice(next.start, next.end) : "";
    if (text === "," && CLOSERS.has(nextText)) return;
    texts.push(text);
    if (RESTRICTED.has(text) && next && nextText !== ";" && nextText !== "}" && source.slice(token.end, next.start).includes("\n")) texts.push(";");
  });
  return texts.join(" ");
}
