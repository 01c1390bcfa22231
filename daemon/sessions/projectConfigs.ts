// The project config a new worktree gets: the override set through the API when there is one,
// else the repository's `.switchboard/config.json` (docs/worktree-setup.md).
import type { Project } from '../protocol/entities.js';
import type { ProjectConfigView } from '../protocol/fleetRoutes.js';
import { readProjectConfig } from '../worktrees/worktreePrepare.js';

export async function effectiveProjectConfig(project: Project): Promise<ProjectConfigView> {
  if (project.configOverride) return { source: 'override', config: project.configOverride, error: null };
  const { config, error } = await readProjectConfig(project.repoPath);
  if (error !== null) return { source: 'file', config: null, error };
  return config ? { source: 'file', config, error: null } : { source: 'none', config: null, error: null };
}
