import { createStore } from "./store";

/** How an input's text becomes a value: the tutorial's inputs are strings, others may not be. */
export type InputType = "text" | "number" | "json";

export interface InputsState {
  values: Record<string, string>;
  types: Record<string, InputType>;
}

export const inputsStore = createStore<InputsState>({ values: {}, types: {} });

export function setInputValue(name: string, value: string): void {
  inputsStore.set((s) => ({ ...s, values: { ...s.values, [name]: value } }));
}

export function setInputType(name: string, type: InputType): void {
  inputsStore.set((s) => ({ ...s, types: { ...s.types, [name]: type } }));
}

export function replaceInputs(values: Record<string, string>, types: Record<string, InputType> = {}): void {
  inputsStore.set({ values: { ...values }, types: { ...types } });
}

export const selectInputValues = (s: InputsState) => s.values;
export const selectInputTypes = (s: InputsState) => s.types;

/** Inverse of `parseInputs` for history: a run's stored value back to form text. */
export function inputText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The values a run is given. An empty field is left out, so a required input reports
 * MISSING_INPUT by name and an optional one takes its default.
 */
export function parseInputs(state: InputsState, names: readonly string[]): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const text = state.values[name] ?? "";
    if (text === "") continue;
    const type = state.types[name] ?? "text";
    if (type === "text") values[name] = text;
    else if (type === "number") {
      const n = Number(text);
      if (Number.isNaN(n)) problems.push(`Input \`${name}\` is not a number: ${text}`);
      else values[name] = n;
    } else {
      try {
        values[name] = JSON.parse(text);
      } catch {
        problems.push(`Input \`${name}\` is not valid JSON: ${text}`);
      }
    }
  }
  return { values, problems };
}
