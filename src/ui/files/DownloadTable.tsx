import type { ReactNode } from "react";

export interface DownloadRow {
  key: string;
  /** Cells before the Download button, one per heading. */
  cells: ReactNode[];
  onDownload(): void;
  downloadTestId?: string;
}

/** A table of things to download: the file area's files and the cache's results share it. */
export function DownloadTable({ headings, rows, testId, rowTestId }: { headings: string[]; rows: DownloadRow[]; testId?: string; rowTestId: string }) {
  return (
    <table className="sl-files-table" data-testid={testId}>
      <thead>
        <tr>
          {headings.map((h) => (
            <th key={h}>{h}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={rowTestId}>
            {row.cells.map((cell, i) => (
              <td key={headings[i]}>{cell}</td>
            ))}
            <td>
              <button type="button" data-testid={row.downloadTestId} onClick={row.onDownload}>
                Download
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
