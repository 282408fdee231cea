/**
 * What Sluice needs to know of a query's text without DuckDB: where its string literals, quoted
 * names, comments and `$name` parameters are. Enough to normalise the text for the code version,
 * to bind parameters by position and to find the files it names; parsing is DuckDB's.
 */
export type SqlTokenKind = "string" | "quoted" | "comment" | "space" | "param" | "other";

export interface SqlToken {
  kind: SqlTokenKind;
  start: number;
  end: number;
}

const WORD = /[A-Za-z0-9_]/;

/** Where a quoted run that starts at `at` ends (after its closing quote; `''` and `""` are escapes). */
function quotedEnd(text: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/** `$tag$ … $tag$` (a tag may be empty): a string in which nothing is special. */
function dollarQuoteEnd(text: string, at: number): number | undefined {
  const open = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(at, at + 64));
  if (!open) return undefined;
  const close = text.indexOf(open[0], at + open[0].length);
  return close < 0 ? text.length : close + open[0].length;
}

export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlTokenKind, end: number) => {
    tokens.push({ kind, start: i, end });
    i = end;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (/\s/.test(c)) {
      let end = i + 1;
      while (end < text.length && /\s/.test(text[end])) end++;
      push("space", end);
    } else if (c === "-" && next === "-") {
      const end = text.indexOf("\n", i);
      push("comment", end < 0 ? text.length : end);
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      push("comment", end < 0 ? text.length : end + 2);
    } else if (c === "'") {
      push("string", quotedEnd(text, i, "'"));
    } else if ((c === "E" || c === "e") && next === "'" && !WORD.test(text[i - 1] ?? "")) {
      push("string", quotedEnd(text, i + 1, "'"));
    } else if (c === '"') {
      push("quoted", quotedEnd(text, i, '"'));
    } else if (c === "$") {
      const dollar = dollarQuoteEnd(text, i);
      if (dollar !== undefined) push("string", dollar);
      else {
        let end = i + 1;
        while (end < text.length && WORD.test(text[end])) end++;
        push(end > i + 1 ? "param" : "other", end);
      }
    } else {
      let end = i + 1;
      if (WORD.test(c)) while (end < text.length && WORD.test(text[end])) end++;
      push("other", end);
    }
  }
  return tokens;
}

/**
 * The text as the code version sees it: comments go, and each run of whitespace outside string
 * literals and quoted names becomes one space (none at the ends), so reformatting a query or
 * adding a comment does not make the node run again.
 */
export function normalizeSql(text: string, { keepStart = false, keepEnd = false } = {}): string {
  const parts: string[] = [];
  for (const token of tokenizeSql(text)) {
    if (token.kind === "comment" || token.kind === "space") {
      if ((parts.length > 0 || keepStart) && parts.at(-1) !== " ") parts.push(" ");
    } else parts.push(text.slice(token.start, token.end));
  }
  if (!keepEnd && parts.at(-1) === " ") parts.pop();
  return parts.join("");
}

/** What DuckDB is given: `$name` becomes `$1`, `$2`… in order of first use, padded so positions hold. */
export interface BoundText {
  text: string;
  /** The parameter names, in the order DuckDB numbers them. */
  names: string[];
}

export function bindNamedParams(text: string): BoundText {
  const names: string[] = [];
  let out = "";
  let last = 0;
  for (const token of tokenizeSql(text)) {
    if (token.kind !== "param") continue;
    const name = text.slice(token.start + 1, token.end);
    // `$1` written by hand is DuckDB's own positional parameter: left as it is.
    if (/^\d+$/.test(name)) continue;
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    const positional = `$${index + 1}`;
    out += text.slice(last, token.start) + positional.padEnd(token.end - token.start, " ");
    last = token.end;
  }
  return { text: out + text.slice(last), names };
}

/** A name with an extension the file area reads: what a query names as a file. */
export function looksLikeFile(name: string): boolean {
  return /^[^/\\'"]+\.(parquet|csv|tsv|json|ndjson|arrow|feather)$/i.test(name);
}

/** `'name'` right after FROM or JOIN: where a query names a file (`FROM 'flights.parquet'`). */
function fileReferences(text: string, isFile: (name: string) => boolean): { token: SqlToken; name: string }[] {
  const found: { token: SqlToken; name: string }[] = [];
  let previous = "";
  for (const token of tokenizeSql(text)) {
    if (token.kind === "space" || token.kind === "comment") continue;
    if (token.kind === "string" && text[token.start] === "'" && (previous === "from" || previous === "join")) {
      const name = text.slice(token.start + 1, token.end - 1).replace(/''/g, "'");
      if (isFile(name)) found.push({ token, name });
    }
    previous = text.slice(token.start, token.end).toLowerCase();
  }
  return found;
}

/** Files the query reads (`FROM 'flights.parquet'`, `JOIN 'airports.csv'`), each once. */
export function fileNamesIn(text: string, isFile: (name: string) => boolean): string[] {
  return [...new Set(fileReferences(text, isFile).map((r) => r.name))];
}

/**
 * The query with each file it reads named as a table (`FROM "flights.parquet"`, the same length):
 * Sluice reads the file with its own codecs and gives DuckDB the table, so a file reads the same
 * in SQL as through `files.read`, and DuckDB needs no extension it would have to download.
 */
export function filesAsTables(text: string, isFile: (name: string) => boolean): string {
  let out = "";
  let last = 0;
  for (const { token, name } of fileReferences(text, isFile)) {
    out += text.slice(last, token.start) + `"${name.replace(/"/g, '""')}"`;
    last = token.end;
  }
  return out + text.slice(last);
}
