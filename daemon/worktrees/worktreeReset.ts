import { runGit } from './gitRunner.js';
import { assertNotOption } from './queries.js';

/**
 * The two ways the daemon moves a session worktree's own state. Both act on the worktree at
 * `root` only; the user's checkout is never passed here.
 */

/** Back to `commit` exactly: the branch, index and files reset, untracked (not ignored) files removed. */
export async function resetWorktreeTo(root: string, commit: string): Promise<void> {
  assertNotOption(commit, 'commit');
  await runGit(root, ['reset', '--quiet', '--hard', commit]);
  await runGit(root, ['clean', '--force', '-d', '--quiet']);
}

/** The index made equal to HEAD, files untouched: after the daemon committed the worktree's state onto its branch. */
export async function resetIndexToHead(root: string): Promise<void> {
  await runGit(root, ['reset', '--quiet']);
}
