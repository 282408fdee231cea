import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { askVisitor } from "./ui/actions/network";
import { App } from "./ui/app/App";
import { registerServiceWorker } from "./sw/register";
import { startTheme } from "./ui/theme/theme";
import { createEngineClient } from "./worker/client";

// Before the first render, so a dark-mode user never sees a light flash.
startTheme();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

// One engine worker per page, made outside React so StrictMode's double effects can't make two.
const engine = createEngineClient(undefined, { askNetwork: askVisitor });
window.addEventListener("pagehide", (event) => {
  if (!event.persisted) engine.dispose();
});

createRoot(root).render(
  <StrictMode>
    <App engine={engine} />
  </StrictMode>,
);

registerServiceWorker();
