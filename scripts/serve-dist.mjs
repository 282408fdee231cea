// Serves the built app for the e2e tests (`vite preview`), building it first only when there is
// no build at all, so `npm run test:e2e` works on a fresh checkout. `npm test` always builds first.
import { existsSync } from "node:fs";
import { build, preview } from "vite";

const port = Number(process.argv[2] ?? process.env.SLUICE_E2E_PORT ?? 4179);

if (!existsSync("dist/index.html")) {
  console.log("serve-dist: no dist/ yet; building");
  await build();
}
const server = await preview({ preview: { port, strictPort: true, host: "127.0.0.1", open: false } });
server.printUrls();
