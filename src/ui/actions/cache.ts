import type { EngineClient } from "../../worker/client";
import { asWireError } from "../../worker/errors";
import type { BackendKind } from "../../worker/protocol";
import { resetHistory } from "../state/history";
import { settingsStore } from "../state/settings";
import { rememberCache } from "../workspaces/session";
import { refreshFiles } from "./files";
import { refreshHistory } from "./history";
import { announce } from "../cache/otherTabs";

/** Which cache the worker uses; history and files follow it. */
export async function switchBackend(engine: EngineClient, backend: BackendKind, path: string): Promise<string | undefined> {
  const before = settingsStore.get();
  // The choice shows at once (a radio must not lag its click); a refusal puts it back.
  settingsStore.set({ backend, path });
  try {
    await engine.setBackend(backend, path);
    // The choice belongs to the open workspace: it comes back when the workspace is opened again.
    await rememberCache({ backend, path });
    resetHistory();
    await Promise.all([refreshHistory(engine), refreshFiles(engine)]);
    return undefined;
  } catch (error) {
    settingsStore.set({ backend: before.backend, path: before.path });
    return asWireError(error).message;
  }
}

export async function clearCache(engine: EngineClient, what: { history: boolean; files: boolean }): Promise<string | undefined> {
  try {
    await engine.clearCache(what);
    if (what.history) resetHistory();
    await Promise.all([refreshHistory(engine), refreshFiles(engine)]);
    announce("cache");
    return undefined;
  } catch (error) {
    return asWireError(error).message;
  }
}
