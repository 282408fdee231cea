// Where the SQL of `sql(...)` nodes sits in a module's text (SPEC.md §14): the editor colours it as
// SQL and completes table and column names there. Pure text, no Monaco; a light scan, as the
// editor needs it on every keystroke, not the engine's parse (which a half-typed text fails).

export interface SqlRegion {
  /** Offsets of the query's text: inside the template's backticks (the end is open while typing). */
  start: number;
  end: number;
  /** The `sql()` function's parameter names: its tables and `$values`. */
  params: string[];
}

const SQL_CALL = /(^|[^\w$.])sql\s*\(/g;
const IDENT = /^[A-Za-z_$][\w$]*/;

/** The end of a template whose text starts at `from` (after the backtick): its closing backtick, or the text's end. */
function templateEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === "`") return i;
    else if (c === "$" && text[i + 1] === "{") {
      // `${…}` holds code: skip to its closing brace.
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text[i] === "{") depth++;
        else if (text[i] === "}") depth--;
        i++;
      }
    } else i++;
  }
  return text.length;
}

function paramsOf(list: string): string[] {
  return list
    .split(",")
    .map((p) => IDENT.exec(p.trim())?.[0])
    .filter((p): p is string => p !== undefined);
}

export function sqlRegions(text: string): SqlRegion[] {
  const regions: SqlRegion[] = [];
  for (const call of text.matchAll(SQL_CALL)) {
    const open = call.index + call[0].length;
    // The function's parameter list: the first `(` at or after the call (an options object may come first).
    const head = /\(\s*([^()]*)\)\s*(?::[^=]*)?=>\s*(?:\{[^`]*?return\s*)?`|function\s*\w*\s*\(([^()]*)\)[^`]*?return\s*`/y;
    let found: RegExpExecArray | null = null;
    for (let at = open; at < Math.min(text.length, open + 2000); at++) {
      head.lastIndex = at;
      found = head.exec(text);
      if (found) break;
      if (text[at] === "`") break;
    }
    if (!found) continue;
    const start = head.lastIndex;
    regions.push({ start, end: templateEnd(text, start), params: paramsOf(found[1] ?? found[2] ?? "") });
  }
  return regions;
}

/** The region the offset is inside, if any. */
export function sqlRegionAt(text: string, offset: number): SqlRegion | undefined {
  return sqlRegions(text).find((r) => offset >= r.start && offset <= r.end);
}

/**
 * A template literal's text as it evaluates, its escapes read (`\``, `\\`, `\n`, `\u00e9`, a
 * line continuation...), and for each of its UTF-16 units the offset in `raw` it came from
 * (`from[text.length]` is `raw.length`). DuckDB then parses what the node will run, and a place
 * it names maps back onto the editor's text.
 */
export function cookedTemplate(raw: string): { text: string; from: number[] } {
  let text = "";
  const from: number[] = [];
  const put = (s: string, at: number) => {
    text += s;
    for (let k = 0; k < s.length; k++) from.push(at);
  };
  for (let i = 0; i < raw.length; ) {
    if (raw[i] !== "\\") {
      put(raw[i], i);
      i++;
      continue;
    }
    const at = i;
    const next = raw[i + 1] ?? "";
    const hex = (digits: string) => String.fromCodePoint(parseInt(digits, 16));
    if (next === "u" && raw[i + 2] === "{") {
      const close = raw.indexOf("}", i + 3);
      put(close > 0 ? hex(raw.slice(i + 3, close)) : "", at);
      i = close > 0 ? close + 1 : raw.length;
    } else if (next === "u") {
      put(hex(raw.slice(i + 2, i + 6)), at);
      i += 6;
    } else if (next === "x") {
      put(hex(raw.slice(i + 2, i + 4)), at);
      i += 4;
    } else if (next === "\r" || next === "\n") {
      // A line continuation: nothing.
      i += next === "\r" && raw[i + 2] === "\n" ? 3 : 2;
    } else {
      put(ESCAPES[next] ?? next, at);
      i += 2;
    }
  }
  from.push(raw.length);
  return { text, from };
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
