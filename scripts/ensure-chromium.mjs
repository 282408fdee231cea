// Makes sure a Chromium exists for the e2e tests and the benchmark, installing one if needed:
// Debian's package when we are root with apt (Playwright's CDN may be unreachable), else Playwright's.
import { execFileSync, spawnSync } from "node:child_process";
import { findChromium } from "./chromium.mjs";

function run(command, args) {
  console.error(`ensure-chromium: ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
}

const hasApt = () => spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
const isRoot = () => process.getuid?.() === 0;

function install() {
  if (isRoot() && hasApt() && run("apt-get", ["update"]) && run("apt-get", ["install", "-y", "chromium"])) return;
  run("npx", ["playwright", "install", "chromium"]);
}

function version(path) {
  try {
    return execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "version unknown";
  }
}

let found = findChromium();
if (!found) {
  console.error("ensure-chromium: no Chromium found; installing one");
  install();
  found = findChromium();
}
if (!found) {
  console.error("ensure-chromium: still no Chromium. Install one and/or set CHROMIUM_PATH.");
  process.exit(1);
}
console.error(`ensure-chromium: using ${found.path} (${found.source}): ${version(found.path)}`);
