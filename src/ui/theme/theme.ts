import { createStore } from "../state/store";

export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

export interface ThemeState {
  choice: ThemeChoice;
  /** What is shown: the choice, or the system's preference while the choice is "system". */
  effective: Theme;
}

const KEY = "sluice-theme";
const CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

const systemTheme = (): Theme => (window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light");

function storedChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(KEY);
    return CHOICES.includes(stored as ThemeChoice) ? (stored as ThemeChoice) : "system";
  } catch {
    return "system";
  }
}

const resolve = (choice: ThemeChoice): Theme => (choice === "system" ? systemTheme() : choice);

export const themeStore = createStore<ThemeState>({ choice: "system", effective: "light" });

function apply(choice: ThemeChoice): void {
  const effective = resolve(choice);
  document.documentElement.dataset.theme = effective;
  themeStore.set({ choice, effective });
}

/** Applies the remembered theme before the first paint and follows the system while asked to. */
export function startTheme(): void {
  apply(storedChoice());
  window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (themeStore.get().choice === "system") apply("system");
  });
}

/** system → light → dark → system; remembered per browser. */
export function cycleTheme(): void {
  const next = CHOICES[(CHOICES.indexOf(themeStore.get().choice) + 1) % CHOICES.length];
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage refused (a locked-down profile): the choice holds for this page only.
  }
  apply(next);
}

export const selectTheme = (s: ThemeState) => s.effective;
export const selectThemeChoice = (s: ThemeState) => s.choice;
