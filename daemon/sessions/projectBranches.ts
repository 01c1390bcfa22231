// A project's branches, for choosing its default branch: the repository's local branches, less
// Switchboard's own session branches (`switchboard/{agent}/{project}/{session}`, see
// daemon/worktrees/branchName.ts), which no project should start from.
import type { Project } from '../protocol/entities.js';
import type { Branch } from '../protocol/projectRoutes.js';
import { listLocalBranches } from '../worktrees/branchList.js';

/** The first component of every session branch `sessionBranchName()` makes. */
const SESSION_BRANCH_ROOT = 'switchboard/';

export async function projectBranches(project: Project): Promise<{ branches: Branch[]; defaultBranch: string }> {
  const local = await listLocalBranches(project.repoPath);
  const branches = local
    .filter((b) => !b.name.startsWith(SESSION_BRANCH_ROOT))
    .map((b) => ({ name: b.name, commit: b.commit, current: b.current, isDefault: b.name === project.defaultBranch }));
  return { branches, defaultBranch: project.defaultBranch };
}
