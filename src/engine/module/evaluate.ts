import * as arquero from "arquero";
import { SluiceError } from "../errors";
import type { SluiceModule } from "../runtime/sluice";
import { toCommonJs } from "./compile";

export interface DefaultSpec {
  node: string;
  param: string;
  text: string;
}

const DEFAULTS_EXPORT = "__sluice_defaults__";

/** Default values are evaluated in module scope, so `limit = PAGE_SIZE` sees the module's constant. */
function defaultsSource(defaults: readonly DefaultSpec[]): string {
  const entries = defaults.map(
    (d) => `${JSON.stringify(`${d.node}\u0000${d.param}`)}: () => (${d.text})`,
  );
  return `\nexport const ${DEFAULTS_EXPORT} = {${entries.join(", ")}};\n`;
}

export interface EvaluatedModule {
  exports: Record<string, unknown>;
  /** The default value of a node's parameter, evaluated when asked. */
  defaultValue(node: string, param: string): unknown;
}

/**
 * Runs a module's JavaScript with `arquero` and `sluice` as its only imports. The same path serves
 * Node tests, the worker and the page, so tests exercise what users run.
 */
export function evaluateModule(
  javascript: string,
  defaults: readonly DefaultSpec[],
  sluice: SluiceModule,
  moduleIndex: number,
): EvaluatedModule {
  const body = toCommonJs(javascript + defaultsSource(defaults), moduleIndex);
  const require = (name: string): unknown => {
    if (name === "arquero") return arquero;
    if (name === "sluice") return sluice;
    throw new SluiceError("BAD_OPTION", `Module ${moduleIndex + 1} imports "${name}": only "arquero" and "sluice" can be imported`, {
      option: "import",
    });
  };
  const exports: Record<string, unknown> = {};
  try {
    const run = new Function("require", "exports", "module", `${body}\n//# sourceURL=sluice-module-${moduleIndex + 1}.js`);
    run(require, exports, { exports });
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    throw new SluiceError("NODE_FAILED", `Module ${moduleIndex + 1} failed while loading: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
      originalStack: (error as Error)?.stack,
    });
  }
  const table = exports[DEFAULTS_EXPORT] as Record<string, () => unknown>;
  delete exports[DEFAULTS_EXPORT];
  return {
    exports,
    defaultValue: (node, param) => table[`${node}\u0000${param}`]?.(),
  };
}
