/** A problem to underline in the editor; lines and columns are 1-based, as Monaco's are. */
export interface EditorMarker {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: "error" | "warning";
}

export interface CodeEditorProps {
  value: string;
  onChange(v: string): void;
  onRun(): void;
  markers: EditorMarker[];
  nodeNames: string[];
  /** A node's columns from its last run, for completion in SQL (none when unknown). */
  columnsOf?: (node: string) => Promise<string[]>;
  readOnly?: boolean;
}
