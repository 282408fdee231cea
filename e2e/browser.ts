// One place for how e2e launches Chromium (scripts/chromium.mjs decides which one and its flags).
export { CHROMIUM_ARGS, chromiumLaunchOptions, findChromium } from "../scripts/chromium.mjs";
