import { useStore } from "../state/store";
import { cycleTheme, selectTheme, selectThemeChoice, themeStore } from "./theme";

const LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" } as const;
const ICON = { system: "◐", light: "☀", dark: "☾" } as const;

/** One button: system, light, dark. */
export function ThemeToggle() {
  const choice = useStore(themeStore, selectThemeChoice);
  const effective = useStore(themeStore, selectTheme);
  return (
    <button type="button" className="sl-theme-toggle" data-testid="theme-toggle" data-theme={effective} data-choice={choice} aria-label={`${LABEL[choice]} (click to change)`} title={`${LABEL[choice]} — click to change`} onClick={cycleTheme}>
      <span aria-hidden="true">{ICON[choice]}</span>
    </button>
  );
}
