import { copyFile, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './gitRunner.js';

/**
 * How the scratch index is filled from the worktree before `fn` runs:
 * - `intent`: untracked files are marked intent-to-add, so `git diff <commit>` sees them without
 *   writing a single object (the cheap choice for listings);
 * - `all`: `git add -A`, so `write-tree` captures the worktree exactly (writes blobs; for checkpoints).
 */
export type ScratchFill = 'intent' | 'all';

/**
 * Runs `fn` with a private copy of the worktree's index (`GIT_INDEX_FILE` in the env it gets).
 * The worktree's real index is never written: the agent may be using it, and what it staged is
 * its business. Untracked files reach git through a NUL-separated pathspec file, not argv: no
 * length limit, and any byte but NUL survives in a name.
 */
export async function withScratchIndex<T>(root: string, fill: ScratchFill, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'switchboard-index-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index'), GIT_LITERAL_PATHSPECS: '1' };
    const realIndex = path.resolve(root, (await runGit(root, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).replace(/\r?\n$/, ''));
    const copied = await copyIndex(realIndex, env.GIT_INDEX_FILE);
    // No index at all (rare: removed by hand) means "nothing staged", i.e. HEAD's tree.
    if (!copied) await runGit(root, ['read-tree', 'HEAD'], { env });

    if (fill === 'all') {
      await runGit(root, ['add', '--all'], { env });
    } else {
      const untracked = await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z'], { env });
      if (untracked !== '') {
        const pathspecFile = path.join(scratch, 'untracked');
        await writeFile(pathspecFile, untracked);
        await runGit(root, ['add', '--intent-to-add', `--pathspec-from-file=${pathspecFile}`, '--pathspec-file-nul'], { env });
      }
    }
    return await fn(env);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies an index keeping its modification time. git trusts an entry's cached stat data only
 * when the file is older than the index file itself ("racy git"); a copy with a fresh mtime
 * would make a file rewritten in the same second at the same size look unchanged, and a
 * checkpoint would silently miss it. (Date precision is milliseconds: the copy can only come out
 * older, which makes git more careful, never less.)
 */
async function copyIndex(from: string, to: string): Promise<boolean> {
  try {
    const original = await stat(from);
    await copyFile(from, to);
    await utimes(to, original.atime, original.mtime);
    return true;
  } catch {
    return false;
  }
}
