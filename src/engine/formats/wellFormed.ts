/**
 * Whether a string is valid UTF-16: no lone surrogate. UTF-8 (Arrow's strings, fp2's string
 * hash, every encoder) turns a lone surrogate into U+FFFD, so `"a\ud800"` would come back from
 * the store as `"a\ufffd"` and hash as it does. Such strings are kept and hashed as data instead
 * (formats/table.ts `kindOfCell`, versioning/writer.ts).
 */
export function isWellFormed(s: string): boolean {
  // ES2024 (Node 20, Chromium 111): not in the ES2023 lib this project compiles against.
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** What a format that writes UTF-8 says of a column of such strings. */
export const SURROGATES = "strings with a lone surrogate (half of a UTF-16 pair), which UTF-8 would store as U+FFFD";
