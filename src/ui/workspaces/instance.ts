import { openAppDatabase } from "./db";
import { createWorkspaceRepository, type WorkspaceRepository } from "./repository";

let repository: WorkspaceRepository | undefined;

/** The page's one workspace repository over `sluice_app`, opened on first use. */
export function workspaceRepository(): WorkspaceRepository {
  return (repository ??= createWorkspaceRepository(openAppDatabase()));
}
