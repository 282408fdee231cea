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
    if (text === "," && CLOSERS.has(source.slice(inside[i + 1]?.start ?? 0, inside[i + 1]?.end ?? 0))) return;
    texts.push(text);
  });
  return texts.join(" ");
}
