import { useEffect, useState } from "react";
import { asWireError } from "../../worker/errors";
import type { PublishOutcome, RequestOf, RunSummary } from "../../worker/protocol";
import { useEngine } from "../app/engine";
import { formatSize } from "../files/size";
import { historyStore, selectRuns } from "../state/history";
import { useStore } from "../state/store";
import { selectActive, workspacesStore } from "../state/workspaces";
import { fileNameFor } from "../workspaces/bundle";
import { currentContent } from "../workspaces/session";
import "./publish.css";

type Choice = Pick<RequestOf<"exportBundle">, "results" | "files">;

const RESULTS: { value: Choice["results"]; label: string }[] = [
  { value: "requested", label: "Requested outputs (and what hits them)" },
  { value: "all", label: "Every stored result of these runs" },
  { value: "none", label: "None: history and code only" },
];
const FILES: { value: Choice["files"]; label: string }[] = [
  { value: "read", label: "Files the dataflow reads" },
  { value: "all", label: "Every file in the file area" },
  { value: "none", label: "None" },
];

/** One of a few choices, as radio buttons (`publish-<name>-<value>`). */
function ChoiceGroup<T extends string>({ legend, name, options, value, onChange }: { legend: string; name: string; options: { value: T; label: string }[]; value: T; onChange(value: T): void }) {
  return (
    <fieldset className="sl-settings-group">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="sl-radio">
          <input type="radio" name={`publish-${name}`} data-testid={`publish-${name}-${o.value}`} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function saveBytes(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
  Object.assign(document.createElement("a"), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const runLabel = (run: RunSummary, index: number) =>
  `#${index + 1} · ${new Date(run.startedAt).toLocaleTimeString()} · ${run.counts.executed} ran, ${run.counts.cached} cached${run.source === "published" ? " · published" : ""}`;

/**
 * Publish…: the open dataflow with chosen runs, results and files as one `.sluice` file (SPEC.md
 * §12). The bundle is made as the choices change, so its size shows before it is saved.
 */
export function PublishButton() {
  const [open, setOpen] = useState(false);
  return (
    <details className="sl-settings" data-testid="publish" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="publish-button" title="Save this dataflow with its runs, results and files as a .sluice file anyone can open or deploy">
        Publish…
      </summary>
      {open && <PublishPanel />}
    </details>
  );
}

function PublishPanel() {
  const engine = useEngine();
  const runs = useStore(historyStore, selectRuns);
  const active = useStore(workspacesStore, selectActive);
  const finished = runs.filter((r) => r.status !== "running");
  const [picked, setPicked] = useState<string[] | undefined>(undefined);
  const runIds = picked ?? finished.slice(-1).map((r) => r.runId);
  const [choice, setChoice] = useState<Choice>({ results: "requested", files: "read" });
  const [made, setMade] = useState<{ key: string; outcome?: PublishOutcome; error?: string } | undefined>(undefined);
  const name = active?.name ?? "dataflow";
  const key = `${runIds.join(",")}|${choice.results}|${choice.files}|${name}`;

  useEffect(() => {
    if (runIds.length === 0) return;
    let current = true;
    engine.exportBundle({ name, workspace: currentContent(), runIds, ...choice }).then(
      (outcome) => current && setMade({ key, outcome }),
      (error: unknown) => current && setMade({ key, error: asWireError(error).message }),
    );
    return () => {
      current = false;
    };
    // `key` names everything the bundle is made of.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, key]);

  const busy = runIds.length > 0 && made?.key !== key;
  const error = runIds.length === 0 ? "Run the dataflow first: a bundle carries at least one run." : busy ? undefined : made?.error;
  const outcome = busy ? undefined : made?.outcome;
  const toggle = (runId: string, on: boolean) => setPicked(on ? [...new Set([...runIds, runId])] : runIds.filter((id) => id !== runId));
  const report = outcome?.report;
  return (
    <div className="sl-settings-popover sl-publish-popover" data-testid="publish-panel">
      <fieldset className="sl-settings-group">
        <legend>Runs</legend>
        <div className="sl-publish-runs">
          {finished.map((run, i) => (
            <label key={run.runId} className="sl-radio">
              <input type="checkbox" data-testid="publish-run" checked={runIds.includes(run.runId)} onChange={(e) => toggle(run.runId, e.currentTarget.checked)} />
              {runLabel(run, i)}
            </label>
          ))}
          {finished.length === 0 && <span className="sl-muted">No runs yet.</span>}
        </div>
      </fieldset>
      <ChoiceGroup legend="Results" name="results" options={RESULTS} value={choice.results} onChange={(results) => setChoice({ ...choice, results })} />
      <ChoiceGroup legend="Files" name="files" options={FILES} value={choice.files} onChange={(files) => setChoice({ ...choice, files })} />
      <div className="sl-publish-summary" data-testid="publish-summary" aria-live="polite">
        {busy && <span className="sl-muted">Making the bundle…</span>}
        {error && <span className="sl-publish-error">{error}</span>}
        {outcome && report && (
          <>
            <strong data-testid="publish-size">{formatSize(outcome.bytes.byteLength)}</strong>
            <span>
              {report.runs} run{report.runs === 1 ? "" : "s"}, {report.results} result{report.results === 1 ? "" : "s"}, {report.files} file{report.files === 1 ? "" : "s"}
            </span>
            {report.leftOut.length > 0 && (
              <span className="sl-publish-error" title={report.leftOut.map((l) => `${l.node}: ${l.why}`).join("\n")}>
                Left out {report.leftOut.length}: {[...new Set(report.leftOut.map((l) => l.node))].join(", ")} (hover for why)
              </span>
            )}
          </>
        )}
      </div>
      <button
        type="button"
        className="sl-primary"
        data-testid="publish-download"
        disabled={!outcome}
        onClick={() => outcome && saveBytes(fileNameFor(name, ".sluice"), outcome.bytes)}
      >
        Download {fileNameFor(name, ".sluice")}
      </button>
      <span className="sl-muted">
        Anyone can open it (Import…, or drop it on the page) and see your runs and results before trusting its code. To deploy it as a demo, put it in
        the project&apos;s <code>published/</code> folder and build.
      </span>
    </div>
  );
}
