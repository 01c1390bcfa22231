import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitError } from './gitError.js';
import { runGit } from './gitRunner.js';
import { resolveCommit, worktreeRoot } from './queries.js';

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
 * intent-to-add (`git add -N`) — in a temporary copy of the index (GIT_INDEX_FILE). The
 * worktree's real index is never written: the agent may be using it, and what it has staged
 * is the agent's business.
 */
export async function diffAgainstBase(worktreePath: string, baseCommit: string): Promise<string> {
  const root = await worktreeRoot(worktreePath);
  const base = await resolveCommit(root, baseCommit);
  if (base === null) {
    throw new GitError('ref_not_found', `base commit ${baseCommit} is not in the repository of ${worktreePath}`);
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'switchboard-diff-'));
  try {
    const tempIndex = path.join(scratch, 'index');
    const env = { GIT_INDEX_FILE: tempIndex, GIT_LITERAL_PATHSPECS: '1' };
    const realIndex = (await runGit(root, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).replace(/\r?\n$/, '');
    const copied = await copyFile(path.resolve(root, realIndex), tempIndex).then(
      () => true,
      () => false,
    );
    // No index at all (rare: removed by hand) means "nothing staged", i.e. HEAD's tree.
    if (!copied) await runGit(root, ['read-tree', 'HEAD'], { env });

    const untracked = await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z'], { env });
    if (untracked !== '') {
      // Through a NUL-separated file, not argv: no length limit, and any byte in a name survives.
      const pathspecFile = path.join(scratch, 'untracked');
      await writeFile(pathspecFile, untracked);
      await runGit(root, ['add', '--intent-to-add', `--pathspec-from-file=${pathspecFile}`, '--pathspec-file-nul'], { env });
    }

    return await runGit(root, ['diff', ...DIFF_FORMAT_ARGS, base], { env });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
