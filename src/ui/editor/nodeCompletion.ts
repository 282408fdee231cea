import type { Monaco } from "./monacoSetup";
import type { editor, IDisposable } from "monaco-editor";
import { parameterSite } from "./parameterSite";

const IDENT = /^[A-Za-z_$][\w$]*$/;
// Parameters are short; a window this size covers any realistic parameter list and keeps typing cheap.
const LOOKBEHIND = 4000;

/** Offers existing node names where a node's parameter (a dependency) is being typed. */
export function registerNodeCompletion(monaco: Monaco, model: editor.ITextModel, nodeNames: () => string[]): IDisposable {
  return monaco.languages.registerCompletionItemProvider("typescript", {
    triggerCharacters: ["(", ","],
    provideCompletionItems(target, position) {
      // Providers are per language, not per model: stay out of other editors' models.
      if (target !== model) return { suggestions: [] };
      const offset = target.getOffsetAt(position);
      const start = target.getPositionAt(Math.max(0, offset - LOOKBEHIND));
      const before = target.getValueInRange(new monaco.Range(start.lineNumber, start.column, position.lineNumber, position.column));
      const site = parameterSite(before);
      if (!site) return { suggestions: [] };
      const word = target.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const taken = new Set([site.node, ...site.written]);
      const suggestions = nodeNames()
        .filter((name) => IDENT.test(name) && !taken.has(name))
        .map((name) => ({
          label: name,
          kind: monaco.languages.CompletionItemKind.Variable,
          detail: "node (dependency)",
          insertText: name,
          // Ahead of TypeScript's own suggestions: here a node name is almost always what is meant.
          sortText: `0_${name}`,
          range,
        }));
      return { suggestions };
    },
  });
}
