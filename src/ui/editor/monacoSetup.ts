// Everything Monaco needs once per page: its workers and the types user code imports.
// This module is only reached through a dynamic import, so Monaco stays out of the first load.
// Only what a dataflow needs: the core editor with its features, JS/TS syntax and the TypeScript service. The
// package's main entry registers every language Monaco knows (~16 MB in dist/, mostly unused).
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/javascript/register";
import "monaco-editor/languages/definitions/typescript/register";
// Only its tokenizer is used, loaded with the editor (registered lazily, the first colouring
// would find it missing): the SQL of sql() nodes is coloured with it (sqlEditing.ts).
import { conf as sqlConf, language as sqlLanguage } from "monaco-editor/languages/definitions/sql/sql";
import * as ts from "monaco-editor/languages/features/typescript/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TsWorker from "monaco-editor/languages/features/typescript/ts.worker?worker";
import { themeStore } from "../theme/theme";
import sluiceTypes from "./sluice.d.ts?raw";

// Bundled, not fetched: the app must work offline and from any sub-path.
const arqueroTypes = import.meta.glob<string>("/node_modules/arquero/dist/types/**/*.d.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});
const flechetteTypes = import.meta.glob<string>("/node_modules/@uwdata/flechette/dist/types/**/*.d.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Maps `/node_modules/pkg/dist/types/x.d.ts` to `file:///node_modules/pkg/x.d.ts`, so `import "pkg"` finds `index.d.ts`. */
function addPackageTypes(typesDir: string, libs: Record<string, string>) {
  for (const [path, text] of Object.entries(libs)) {
    const packagePath = path.replace(typesDir, typesDir.replace(/\/dist\/types\/$/, "/"));
    ts.typescriptDefaults.addExtraLib(text, `file://${packagePath}`);
  }
}

let initialised = false;

/** Configures Monaco once and returns it. */
export function setupMonaco(): typeof monaco {
  if (initialised) return monaco;
  initialised = true;

  self.MonacoEnvironment = {
    getWorker: (_id, label) => (label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker()),
  };

  monaco.languages.register({ id: "sql", aliases: ["SQL"] });
  monaco.languages.setLanguageConfiguration("sql", sqlConf);
  monaco.languages.setMonarchTokensProvider("sql", sqlLanguage);

  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowNonTsExtensions: true,
    allowJs: true,
    // Dataflow parameters are often untyped (`raw_data`); strictness would flag every one.
    strict: false,
    noImplicitAny: false,
    esModuleInterop: true,
  });
  // Diagnostics stay on so type errors show early; syntax errors from the engine come as markers too.
  ts.typescriptDefaults.setEagerModelSync(true);

  addPackageTypes("/node_modules/arquero/dist/types/", arqueroTypes);
  addPackageTypes("/node_modules/@uwdata/flechette/dist/types/", flechetteTypes);
  ts.typescriptDefaults.addExtraLib(sluiceTypes, "file:///node_modules/sluice/index.d.ts");

  // vs-dark's comment green is under AA contrast; the background matches the app's panels.
  monaco.editor.defineTheme("sluice-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [{ token: "comment", foreground: "8fbf7f" }],
    colors: { "editor.background": "#1d2024", "editorLineNumber.foreground": "#9aa1a8" },
  });
  // Monaco's theme is global: one subscription for the page's life follows the app's theme.
  const followTheme = () => monaco.editor.setTheme(themeStore.get().effective === "dark" ? "sluice-dark" : "vs");
  followTheme();
  themeStore.subscribe(followTheme);
  return monaco;
}

export type Monaco = typeof monaco;
