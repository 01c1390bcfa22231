import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseMergeTreeZ, type MergeTreeResult } from './changeParsers.js';
import { execGit, gitFailed, runGit } from './gitRunner.js';
import { parseStatusPorcelainZ } from './porcelain.js';
import { assertNotOption, listWorktrees } from './queries.js';

/**
 * The git steps of landing a session: a merge computed without any checkout (`merge-tree
 * --write-tree`), the state of the checkout that has the target branch, and the checkout-style
 * update of that checkout's files.
 */

/** Merges two commits in memory: the merged tree and the conflicting paths; no index, no files touched. */
export async function mergeTrees(cwd: string, ours: string, theirs: string): Promise<MergeTreeResult> {
  assertNotOption(ours, 'commit');
  assertNotOption(theirs, 'commit');
  const args = ['merge-tree', '--write-tree', '-z', '--name-only', ours, theirs];
  const result = await execGit(cwd, args);
  if (result.exitCode !== 0 && result.exitCode !== 1) throw gitFailed(args, result);
  return parseMergeTreeZ(result.stdout, result.exitCode);
}

/** The checkout (main or linked worktree) that has `branch` checked out, or null. */
export async function checkoutOf(repoPath: string, branch: string): Promise<string | null> {
  const holder = (await listWorktrees(repoPath)).find((w) => !w.bare && !w.prunable && w.branch === branch);
  return holder ? holder.path : null;
}

/** Paths with uncommitted changes in a checkout — staged, unstaged, untracked, conflicted — both sides of renames. */
export async function dirtyPaths(checkout: string): Promise<Set<string>> {
  const status = parseStatusPorcelainZ(await runGit(checkout, ['status', '--porcelain=v1', '-z', '--untracked-files=all']));
  const paths = new Set<string>();
  for (const s of status) {
    paths.add(s.path);
    if (s.originalPath !== undefined) paths.add(s.originalPath);
  }
  return paths;
}

const IN_PROGRESS: readonly [string, string][] = [
  ['MERGE_HEAD', 'a merge'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase or am'],
];

/** What the checkout is in the middle of (`a merge`, `a rebase`…), or null. Its branch must not move under it. */
export async function operationInProgress(checkout: string): Promise<string | null> {
  const out = await runGit(checkout, ['rev-parse', '--path-format=absolute', ...IN_PROGRESS.flatMap(([name]) => ['--git-path', name])]);
  const locations = out.split('\n').filter((l) => l !== '');
  for (const [i, [, what]] of IN_PROGRESS.entries()) {
    const location = locations[i];
    if (location === undefined) continue;
    const present = await access(path.resolve(checkout, location)).then(
      () => true,
      () => false,
    );
    if (present) return what;
  }
  return null;
}

/**
 * Moves a checkout's index and files from commit `from` to commit `to` the way `git checkout`
 * does (a two-tree `read-tree -m -u`): paths that differ between the two are updated, local
 * changes elsewhere are carried over untouched, and a local change in a path that would have to
 * change makes git refuse before anything is written. The branch ref is the caller's to move.
 */
export async function switchCheckoutFiles(checkout: string, from: string, to: string): Promise<void> {
  assertNotOption(from, 'commit');
  assertNotOption(to, 'commit');
  // read-tree trusts the index's stat data; refresh it so a touched-but-unchanged file is not "dirty".
  await execGit(checkout, ['update-index', '-q', '--refresh']);
  await runGit(checkout, ['read-tree', '-m', '-u', from, to]);
}
