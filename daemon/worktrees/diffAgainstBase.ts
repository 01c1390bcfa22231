import { GitError } from './gitError.js';
import { runGit } from './gitRunner.js';
import { resolveCommit, worktreeRoot } from './queries.js';
import { withScratchIndex } from './scratchIndex.js';

/**
 * Flags that pin `git diff` output to one format whatever the user's config says: no external
 * diff or textconv programs, no colour, and the standard `a/` `b/` prefixes (diff.noprefix and
 * diff.mnemonicPrefix would otherwise change them) so the patch applies with `git apply`.
 */
export const DIFF_FORMAT_ARGS = ['--no-ext-diff', '--no-textconv', '--no-color', '--src-prefix=a/', '--dst-prefix=b/'] as const;

/**
 * A unified diff of everything in the worktree — commits on its branch, staged and unstaged
 * edits, and untracked (not ignored) files — against `baseCommit`.
 *
 * `git diff <commit>` only sees paths the index knows, so untracked files are first marked
 * intent-to-add — in a scratch copy of the index (see scratchIndex.ts): the worktree's real
 * index is never written.
 */
export async function diffAgainstBase(worktreePath: string, baseCommit: string): Promise<string> {
  const root = await worktreeRoot(worktreePath);
  const base = await resolveCommit(root, baseCommit);
  if (base === null) {
    throw new GitError('ref_not_found', `base commit ${baseCommit} is not in the repository of ${worktreePath}`);
  }

  return withScratchIndex(root, 'intent', (env) => runGit(root, ['diff', ...DIFF_FORMAT_ARGS, base], { env }));
}
