import type { ChartChoice, ChartMark } from "../../worker/protocol";
import { columnsFor, type Column } from "./suggest";

const MARKS: { mark: ChartMark; label: string }[] = [
  { mark: "bar", label: "Bars" },
  { mark: "line", label: "Line" },
  { mark: "dot", label: "Dots" },
  { mark: "histogram", label: "Histogram" },
];

const NONE = "";

function Pick({ label, testId, value, options, empty, onChange }: { label: string; testId: string; value: string; options: string[]; empty?: string; onChange: (value: string) => void }) {
  return (
    <label className="sl-chart-pick">
      <span>{label}</span>
      <select data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)} disabled={options.length === 0 && !empty}>
        {empty !== undefined && <option value={NONE}>{empty}</option>}
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Mark, x, y and colour; only columns the mark can draw are offered. */
export function ChartControls({ choice, columns, onChange }: { choice: ChartChoice; columns: Column[]; onChange: (choice: ChartChoice) => void }) {
  const names = (cs: Column[]) => cs.map((c) => c.name);
  const markOptions = MARKS.filter((m) => columnsFor(m.mark, "x", columns).length > 0);
  const colors = columns.filter((c) => c.type === "string" || c.type === "boolean");
  const without = (key: "y" | "color", value: string): ChartChoice => {
    const { [key]: _dropped, ...rest } = choice;
    return value === NONE ? rest : { ...rest, [key]: value };
  };
  return (
    <div className="sl-chart-controls">
      <label className="sl-chart-pick">
        <span>Mark</span>
        <select data-testid="chart-mark" value={choice.mark} onChange={(event) => onChange({ ...choice, mark: event.target.value as ChartMark })}>
          {markOptions.map((m) => (
            <option key={m.mark} value={m.mark}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <Pick label="x" testId="chart-x" value={choice.x} options={names(columnsFor(choice.mark, "x", columns))} onChange={(x) => onChange({ ...choice, x })} />
      <Pick
        label="y"
        testId="chart-y"
        value={choice.y ?? NONE}
        options={names(columnsFor(choice.mark, "y", columns))}
        empty={choice.mark === "dot" ? undefined : "count"}
        onChange={(y) => onChange(without("y", y))}
      />
      <Pick label="Colour" testId="chart-color" value={choice.color ?? NONE} options={names(colors)} empty="none" onChange={(color) => onChange(without("color", color))} />
    </div>
  );
}
