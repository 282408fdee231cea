// Decides whether the cursor is in a node's parameter list, where a parameter name is a dependency
// (SPEC.md §1) and so the names of existing nodes are the useful completions. Pure text, no Monaco.

const IDENT = /^[A-Za-z_$][\w$]*$/;
// A wrapper call, with what precedes its name (so `x.cache(` is not one).
const WRAPPER = /(^|[^\w$.])(?:cache|dataloader|datasaver)\s*$/;
const EXPORTED_CONST = /export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*$/;
const EXPORTED_FUNCTION = /export\s+(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*$/;
const ANONYMOUS_FUNCTION = /(?:async\s+)?function\s*\*?\s*(?:[A-Za-z_$][\w$]*)?\s*$/;

export interface ParameterSite {
  /** The node whose parameters these are; it must not depend on itself. */
  node: string;
  /** Parameters already written before the cursor. */
  written: string[];
}

/** Index of the `(` left open before `end`, or -1 when a `{` or `[` is open first (a body, a default value). */
function openParen(text: string, end: number): number {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "(" || c === "[" || c === "{") {
      if (depth === 0) return c === "(" ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** The node a function starting at `before` (text up to its parameter list) defines, if any. */
function definedNode(text: string, before: number): string | undefined {
  const head = text.slice(0, before);
  const fn = EXPORTED_FUNCTION.exec(head);
  if (fn) return fn[1];
  const anonymous = ANONYMOUS_FUNCTION.exec(head);
  const lead = text.slice(0, anonymous ? anonymous.index : before).replace(/\basync\s*$/, "").trimEnd();
  const direct = EXPORTED_CONST.exec(lead);
  if (direct) return direct[1];
  // Otherwise it must be an argument of cache(...)/dataloader(...)/datasaver(...), perhaps nested
  // (`cache({...}, dataloader(() => ...))`): walk out to the `export const`.
  const last = lead.length - 1;
  const call = lead[last] === "(" ? last : lead[last] === "," ? openParen(text, last) : -1;
  if (call < 0) return undefined;
  const wrapper = WRAPPER.exec(text.slice(0, call));
  return wrapper ? definedNode(text, wrapper.index + wrapper[1].length) : undefined;
}

/**
 * Where the cursor (the end of `before`) sits, when it is typing a parameter name of a node.
 * @example parameterSite("export function processed_data(raw_data, ") // { node: "processed_data", written: ["raw_data"] }
 */
export function parameterSite(before: string): ParameterSite | undefined {
  const paren = openParen(before, before.length);
  if (paren < 0) return undefined;
  const params = before.slice(paren + 1).split(",");
  const current = params[params.length - 1].trim();
  // After a `:` or `=` the user is typing a type or a default, not a name.
  if (current !== "" && !IDENT.test(current)) return undefined;
  const node = definedNode(before, paren);
  if (!node) return undefined;
  const written = params.slice(0, -1).map((p) => p.trim().match(/^[A-Za-z_$][\w$]*/)?.[0] ?? "").filter(Boolean);
  return { node, written };
}
