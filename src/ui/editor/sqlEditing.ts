// SQL inside `sql(...)` nodes as the editor shows it (SPEC.md §14): coloured by Monaco's own SQL
// tokenizer (TypeScript's sees one string), and completed with the node's tables and their columns.
import type { editor, IDisposable } from "monaco-editor";
import type { Monaco } from "./monacoSetup";
import { sqlRegionAt, sqlRegions } from "./sqlRegions";

/** Monaco's SQL token types that get a colour of their own (sql.css). */
const CLASSES: Record<string, string> = {
  keyword: "sl-sql-keyword",
  string: "sl-sql-string",
  number: "sl-sql-number",
  comment: "sl-sql-comment",
  operator: "sl-sql-operator",
  predefined: "sl-sql-predefined",
  identifier: "sl-sql-identifier",
};

function classOf(type: string): string | undefined {
  const base = type.replace(/\.sql$/, "").split(".")[0];
  return CLASSES[base];
}

/** Re-colours the model's SQL after each change, once typing pauses. */
export function highlightSql(monaco: Monaco, model: editor.ITextModel): IDisposable {
  const decorations = model.deltaDecorations.bind(model);
  let ids: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const paint = () => {
    const source = model.getValue();
    const next: editor.IModelDeltaDecoration[] = [];
    for (const region of sqlRegions(source)) {
      const text = source.slice(region.start, region.end);
      const lines = monaco.editor.tokenize(text, "sql");
      const startLine = model.getPositionAt(region.start);
      const textLines = text.split("\n");
      lines.forEach((tokens, i) => {
        const lineNumber = startLine.lineNumber + i;
        const columnBase = i === 0 ? startLine.column : 1;
        tokens.forEach((token, t) => {
          const cls = classOf(token.type);
          if (!cls) return;
          const end = t + 1 < tokens.length ? tokens[t + 1].offset : textLines[i].length;
          if (end <= token.offset) return;
          next.push({ range: new monaco.Range(lineNumber, columnBase + token.offset, lineNumber, columnBase + end), options: { inlineClassName: cls } });
        });
      });
    }
    ids = decorations(ids, next);
  };
  const changes = model.onDidChangeContent(() => {
    clearTimeout(timer);
    timer = setTimeout(paint, 80);
  });
  paint();
  return {
    dispose() {
      clearTimeout(timer);
      changes.dispose();
      if (!model.isDisposed()) model.deltaDecorations(ids, []);
    },
  };
}

/**
 * Inside a node's SQL: its table parameters, and their columns as the last run saw them
 * (`columnsOf`, which may take a moment: the engine reads a one-row preview).
 */
export function completeSql(monaco: Monaco, model: editor.ITextModel, columnsOf: (node: string) => Promise<string[]>): IDisposable {
  return monaco.languages.registerCompletionItemProvider("typescript", {
    triggerCharacters: [" ", ".", ","],
    async provideCompletionItems(target, position) {
      if (target !== model) return { suggestions: [] };
      const region = sqlRegionAt(target.getValue(), target.getOffsetAt(position));
      if (!region) return { suggestions: [] };
      const word = target.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const tables = await Promise.all(region.params.map(async (param) => ({ param, columns: await columnsOf(param).catch(() => []) })));
      const seen = new Set<string>();
      const suggestions = tables.flatMap(({ param, columns }) => [
        ...(columns.length > 0
          ? [{ label: param, kind: monaco.languages.CompletionItemKind.Struct, detail: `table (${columns.length} columns)`, insertText: param, sortText: `0_${param}`, range }]
          : [{ label: `$${param}`, kind: monaco.languages.CompletionItemKind.Variable, detail: "bound value", insertText: `$${param}`, sortText: `2_${param}`, range }]),
        ...columns.filter((c) => !seen.has(c) && seen.add(c)).map((column) => ({
          label: column,
          kind: monaco.languages.CompletionItemKind.Field,
          detail: `column of ${param}`,
          insertText: /^[A-Za-z_][\w]*$/.test(column) ? column : `"${column.replace(/"/g, '""')}"`,
          sortText: `1_${column}`,
          range,
        })),
      ]);
      return { suggestions };
    },
  });
}
