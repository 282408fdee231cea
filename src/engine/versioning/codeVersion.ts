import { sha256 } from "hash-wasm";
import type { CodeVersion } from "../types";

/** The hex SHA-256 of a node's normalized definition (see module/normalize.ts), as Hamilton does. */
export async function codeVersionOf(normalizedCode: string): Promise<CodeVersion> {
  return (await sha256(normalizedCode)) as CodeVersion;
}
