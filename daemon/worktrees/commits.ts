import { execGit, gitFailed, runGit } from './gitRunner.js';
import { assertNotOption } from './queries.js';
import { withScratchIndex } from './scratchIndex.js';

/**
 * The daemon's own commits and ref moves, all in plumbing: `write-tree`, `commit-tree`,
 * `update-ref`. Nothing here checks out files, runs hooks, or reads the user's identity.
 */

/**
 * Who the daemon's commits (checkpoints, merges) are by. Fixed in the environment so they never
 * depend on — or fail for lack of — the user's git config.
 */
export const SWITCHBOARD_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'Switchboard',
  GIT_AUTHOR_EMAIL: 'switchboard@localhost',
  GIT_COMMITTER_NAME: 'Switchboard',
  GIT_COMMITTER_EMAIL: 'switchboard@localhost',
};

/** `commit-tree` with the daemon's identity, never signed (a signing prompt would hang the daemon). */
export async function commitTree(cwd: string, tree: string, parents: readonly string[], message: string): Promise<string> {
  const args = ['commit-tree', '--no-gpg-sign', ...parents.flatMap((p) => ['-p', p]), '-m', message, tree];
  return (await runGit(cwd, args, { env: { ...SWITCHBOARD_IDENTITY } })).trim();
}

/** The worktree exactly as it is on disk (tracked, modified, untracked, deletions; not ignored files), as a tree. */
export async function worktreeTree(root: string): Promise<string> {
  return withScratchIndex(root, 'all', async (env) => (await runGit(root, ['write-tree'], { env })).trim());
}

/** The trees of commits, in order, in one git run. */
export async function treesOf(cwd: string, commits: readonly string[]): Promise<string[]> {
  for (const c of commits) assertNotOption(c, 'commit');
  const out = await runGit(cwd, ['rev-parse', ...commits.map((c) => `${c}^{tree}`)]);
  return out.split('\n').filter((l) => l !== '');
}

/**
 * Moves `ref` to `newOid`, but only if it still points at `oldOid` (null: only if it does not
 * exist yet; undefined: whatever it points at). Answers `moved` — and changes nothing — when
 * someone else moved the ref meanwhile, so callers can refuse instead of overwriting their work.
 */
export async function updateRef(cwd: string, ref: string, newOid: string, oldOid: string | null | undefined, reason: string): Promise<'updated' | 'moved'> {
  assertNotOption(ref, 'ref');
  const expected = oldOid === undefined ? [] : [oldOid ?? ''];
  const args = ['update-ref', '-m', reason, ref, newOid, ...expected];
  const result = await execGit(cwd, args);
  if (result.exitCode === 0) return 'updated';
  if (oldOid !== undefined && /is at .* but expected|reference already exists|unable to resolve reference/.test(result.stderr)) return 'moved';
  throw gitFailed(args, result);
}

export async function deleteRef(cwd: string, ref: string): Promise<void> {
  assertNotOption(ref, 'ref');
  await runGit(cwd, ['update-ref', '-d', ref]);
}
