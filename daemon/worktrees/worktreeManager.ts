import { lstat, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isValidBranchName } from './branchName.js';
import { diffAgainstBase } from './diffAgainstBase.js';
import { GitError } from './gitError.js';
import { execGit, runGit } from './gitRunner.js';
import { canonicalPath, isSameOrInside, samePath } from './paths.js';
import { parseStatusPorcelainZ, type FileStatus, type WorktreeInfo } from './porcelain.js';
import {
  assertNotOption,
  branchExists,
  currentBranch,
  headCommit,
  listWorktrees,
  resolveCommit,
  worktreeRoot,
} from './queries.js';
import type { RepoLocks } from './repoLock.js';

export interface CreateWorktreeOptions {
  /** The project repository (its root, as `inspectRepository` returns it; also the lock key). */
  repoPath: string;
  /** Where the new worktree goes; must not exist yet. Parent directories are created. */
  worktreePath: string;
  /** The new branch; must not exist yet. */
  branch: string;
  /** Branch, tag or commit to start from. */
  baseRef: string;
}

/**
 * Work on the new worktree's files (bringing its included files) run beside its verification
 * rather than after it: a session start waits for both. Its failure rolls the worktree back like
 * any other, once both have settled (nothing is still writing into a directory being removed).
 */
export type AlongsideWork<T> = (worktreePath: string) => Promise<T>;

export interface RemoveWorktreeOptions {
  repoPath: string;
  worktreePath: string;
  /** The session's branch, deleted when `deleteBranch` is set. */
  branch?: string | null;
  deleteBranch: boolean;
}

export interface RemoveWorktreeResult {
  worktreeRemoved: boolean;
  branchDeleted: boolean;
}

/**
 * Session worktrees: create (verified, rolled back on failure), inspect, diff and remove.
 * Every operation that changes a repository's shared state runs under that repository's
 * lock; reads that only concern one worktree run freely.
 */
export class WorktreeManager {
  readonly #locks: RepoLocks;

  constructor(locks: RepoLocks) {
    this.#locks = locks;
  }

  /**
   * `git worktree add -b <branch> <path> <base commit>`, then checks that the directory is a
   * worktree on `branch` at the base commit. On any failure, whatever was created is removed
   * again and the error is thrown: `invalid_ref`, `ref_not_found`, `branch_exists`,
   * `worktree_exists`, `io_failed`, `verify_failed` or `git_failed`.
   */
  async create<T = undefined>(options: CreateWorktreeOptions, alongside?: AlongsideWork<T>): Promise<{ baseCommit: string; alongside: T | undefined }> {
    const { repoPath, branch, baseRef } = options;
    if (!isValidBranchName(branch)) throw new GitError('invalid_ref', `${JSON.stringify(branch)} is not a valid branch name`);
    assertNotOption(baseRef, 'base ref');
    const target = await canonicalPath(options.worktreePath);

    return this.#locks.run(repoPath, async () => {
      // Read-only checks, side by side: each is a git process, and a session start waits for them.
      const [baseCommit, branchTaken, pathTaken, registered] = await Promise.all([
        resolveCommit(repoPath, baseRef),
        branchExists(repoPath, branch),
        pathExists(target),
        listWorktrees(repoPath),
      ]);
      if (baseCommit === null) throw new GitError('ref_not_found', `${baseRef} does not name a commit in ${repoPath}`);
      if (branchTaken) throw new GitError('branch_exists', `branch ${branch} already exists in ${repoPath}`);
      if (pathTaken) throw new GitError('worktree_exists', `${target} already exists`);
      if (await findWorktree(registered, target)) {
        throw new GitError('worktree_exists', `${target} is still registered as a worktree of ${repoPath} (its directory is gone; prune it first)`);
      }

      // From here on, the path and the branch did not exist before, so both are ours to undo.
      try {
        await mkdir(path.dirname(target), { recursive: true }).catch((error: unknown) => {
          throw new GitError('io_failed', `cannot create the parent directory of ${target}: ${String(error)}`, { cause: error });
        });
        await runGit(repoPath, ['worktree', 'add', '--quiet', '-b', branch, target, baseCommit]);
        const [verified, done] = await Promise.allSettled([verifyWorktree(target, branch, baseCommit), alongside?.(target)]);
        if (verified.status === 'rejected') throw verified.reason;
        if (done.status === 'rejected') throw done.reason;
        return { baseCommit, alongside: done.value };
      } catch (error) {
        await rollBackCreate(repoPath, target, branch);
        throw error;
      }
    });
  }

  /**
   * A spare worktree for a future session (warmWorktrees.ts): detached at `baseCommit`, on no
   * branch, so it adds nothing to the repository's branch list. Rolled back on failure.
   */
  async createSpare(repoPath: string, sparePath: string, baseCommit: string): Promise<void> {
    assertNotOption(baseCommit, 'base commit');
    const target = await canonicalPath(sparePath);
    await this.#locks.run(repoPath, async () => {
      if (await pathExists(target)) throw new GitError('worktree_exists', `${target} already exists`);
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await runGit(repoPath, ['worktree', 'add', '--quiet', '--detach', target, baseCommit]);
      } catch (error) {
        await execGit(repoPath, ['worktree', 'remove', '--force', '--force', target]).catch(() => undefined);
        await rm(target, { recursive: true, force: true }).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Makes a spare the session's worktree: a new `branch` at the commit it is detached at (no file
   * changes), then moved to `worktreePath`, then verified. Throws `branch_exists`,
   * `worktree_exists` or a git error; on failure after the branch was made, the branch and the
   * spare are removed (the caller makes a fresh worktree instead).
   */
  async adoptSpare(options: { repoPath: string; sparePath: string; worktreePath: string; branch: string; baseCommit: string }): Promise<void> {
    const { repoPath, branch, baseCommit } = options;
    if (!isValidBranchName(branch)) throw new GitError('invalid_ref', `${JSON.stringify(branch)} is not a valid branch name`);
    const spare = await canonicalPath(options.sparePath);
    const target = await canonicalPath(options.worktreePath);
    await this.#locks.run(repoPath, async () => {
      const [branchTaken, pathTaken] = await Promise.all([branchExists(repoPath, branch), pathExists(target)]);
      if (branchTaken) throw new GitError('branch_exists', `branch ${branch} already exists in ${repoPath}`);
      if (pathTaken) throw new GitError('worktree_exists', `${target} already exists`);
      try {
        await runGit(spare, ['checkout', '--quiet', '-b', branch]);
        await mkdir(path.dirname(target), { recursive: true });
        await runGit(repoPath, ['worktree', 'move', spare, target]);
        await verifyWorktree(target, branch, baseCommit);
      } catch (error) {
        for (const dir of [target, spare]) await execGit(repoPath, ['worktree', 'remove', '--force', '--force', dir]).catch(() => undefined);
        await rm(spare, { recursive: true, force: true }).catch(() => undefined);
        await execGit(repoPath, ['worktree', 'prune']).catch(() => undefined);
        await execGit(repoPath, ['branch', '-D', branch]).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Removes the worktree (forcefully: uncommitted work in it is discarded), prunes stale
   * registrations and, when asked, deletes the branch. Idempotent: what was already gone is
   * reported as not removed. Refuses the main checkout (`main_worktree`) and a branch still
   * checked out elsewhere (`branch_in_use`).
   */
  async remove(options: RemoveWorktreeOptions): Promise<RemoveWorktreeResult> {
    const { repoPath, branch, deleteBranch } = options;
    if (branch != null) assertNotOption(branch, 'branch');
    const target = await canonicalPath(options.worktreePath);

    return this.#locks.run(repoPath, async () => {
      const worktreeRemoved = await removeWorktreeUnlocked(repoPath, target, await listWorktrees(repoPath));
      await runGit(repoPath, ['worktree', 'prune']);
      let branchDeleted = false;
      if (deleteBranch && branch != null && (await branchExists(repoPath, branch))) {
        const holder = (await listWorktrees(repoPath)).find((worktree) => worktree.branch === branch);
        if (holder) throw new GitError('branch_in_use', `branch ${branch} is checked out in ${holder.path}; not deleting it`);
        await runGit(repoPath, ['branch', '-D', branch]);
        branchDeleted = true;
      }
      return { worktreeRemoved, branchDeleted };
    });
  }

  /** Files that differ from HEAD in the worktree: staged, unstaged and untracked (not ignored). */
  async uncommittedFiles(worktreePath: string): Promise<FileStatus[]> {
    const root = await worktreeRoot(worktreePath);
    return parseStatusPorcelainZ(await runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all']));
  }

  /** Unified diff of the worktree (committed, uncommitted and untracked) against `baseCommit`; see `diffAgainstBase.ts`. */
  async diffAgainstBase(worktreePath: string, baseCommit: string): Promise<string> {
    return diffAgainstBase(worktreePath, baseCommit);
  }

  async branchExists(repoPath: string, branch: string): Promise<boolean> {
    return branchExists(repoPath, branch);
  }

  /** The checked-out branch, or null when HEAD is detached. */
  async currentBranch(worktreePath: string): Promise<string | null> {
    return currentBranch(worktreePath);
  }

  /** The commit HEAD points at, or null for a branch without commits. */
  /** The commit `ref` names in the repository, or null (`invalid_ref` for an option-looking ref). */
  async commitOf(repoPath: string, ref: string): Promise<string | null> {
    return resolveCommit(repoPath, ref);
  }

  async headCommit(repoOrWorktreePath: string): Promise<string | null> {
    return headCommit(repoOrWorktreePath);
  }

  async listWorktrees(repoPath: string): Promise<WorktreeInfo[]> {
    return listWorktrees(repoPath);
  }

  /**
   * Removes every worktree of the repository that lies under `rootDir` and is not in
   * `keepPaths` — the leftovers of sessions the daemon no longer knows (a crash between
   * creating a worktree and recording it). Worktrees elsewhere (the user's own) are never
   * touched; branches are kept, since they may hold the only copy of an agent's commits.
   * Returns the removed paths as git recorded them.
   */
  async pruneOrphans(repoPath: string, keepPaths: readonly string[], rootDir: string): Promise<string[]> {
    const root = await canonicalPath(rootDir);
    const keep = await Promise.all(keepPaths.map((keepPath) => canonicalPath(keepPath)));

    return this.#locks.run(repoPath, async () => {
      const removed: string[] = [];
      // One listing for the whole pass, one prune at the end: pruning in between would drop
      // the registrations of directories already gone before they are counted.
      const worktrees = await listWorktrees(repoPath);
      for (const worktree of worktrees) {
        if (worktree.isMain || worktree.bare) continue;
        const location = await canonicalPath(worktree.path);
        if (samePath(location, root) || !isSameOrInside(root, location)) continue;
        if (keep.some((keepPath) => samePath(keepPath, location))) continue;
        if (await removeWorktreeUnlocked(repoPath, location, worktrees)) removed.push(worktree.path);
      }
      await runGit(repoPath, ['worktree', 'prune']);
      return removed;
    });
  }
}

/**
 * Caller holds the repository lock, passes a current listing and runs `git worktree prune`
 * afterwards (which drops registrations whose directory is gone). Returns whether anything —
 * the checkout or its registration — was there to remove.
 */
async function removeWorktreeUnlocked(repoPath: string, target: string, worktrees: readonly WorktreeInfo[]): Promise<boolean> {
  const entry = await findWorktree(worktrees, target);
  if (entry?.isMain || samePath(await canonicalPath(repoPath), target)) {
    throw new GitError('main_worktree', `${target} is the main checkout of ${repoPath}; it is never removed`);
  }

  let removed = false;
  if (entry && (await pathExists(target))) {
    // Twice `--force`: also removes a locked worktree. These are the daemon's own directories.
    await runGit(repoPath, ['worktree', 'remove', '--force', '--force', target]);
    removed = true;
  } else if (entry) {
    removed = true; // Directory already gone; the prune below drops the registration.
  } else if (await isStaleLinkedCheckout(target)) {
    // Not registered any more, but still the checkout of a linked worktree (`.git` is a file):
    // a leftover from an interrupted removal. Anything else at the path is not ours to delete.
    await rm(target, { recursive: true, force: true });
    removed = true;
  }
  return removed;
}

async function verifyWorktree(target: string, branch: string, baseCommit: string): Promise<void> {
  const fail = (what: string, cause?: unknown): GitError =>
    new GitError('verify_failed', `worktree ${target} failed verification after creation: ${what}`, { cause });
  if (!(await stat(target).then((s) => s.isDirectory(), () => false))) throw fail('the directory does not exist');
  try {
    // One git process answers all three: the top level, HEAD's commit and HEAD's branch.
    const [topLevel = '', commit = '', head = ''] = (await runGit(target, ['rev-parse', '--show-toplevel', 'HEAD', '--abbrev-ref', 'HEAD'])).trim().split('\n');
    if (!samePath(await canonicalPath(topLevel), target)) throw fail(`git sees it as part of ${topLevel}`);
    if (head !== branch) throw fail(`HEAD is ${head}, expected branch ${branch}`);
    if (commit !== baseCommit) throw fail(`HEAD is at ${commit || 'no commit'}, expected ${baseCommit}`);
  } catch (error) {
    throw GitError.is(error, 'verify_failed') ? error : fail(error instanceof Error ? error.message : String(error), error);
  }
}

/** Best effort: each step runs even when an earlier one fails, and none hides the original error. */
async function rollBackCreate(repoPath: string, target: string, branch: string): Promise<void> {
  await execGit(repoPath, ['worktree', 'remove', '--force', '--force', target]).catch(() => undefined);
  await rm(target, { recursive: true, force: true }).catch(() => undefined);
  await execGit(repoPath, ['worktree', 'prune']).catch(() => undefined);
  await execGit(repoPath, ['branch', '-D', branch]).catch(() => undefined);
}

async function pathExists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/** git records paths as given at creation; compare canonical spellings so a symlinked spelling still matches. */
async function findWorktree(worktrees: readonly WorktreeInfo[], target: string): Promise<WorktreeInfo | undefined> {
  for (const worktree of worktrees) {
    if (samePath(await canonicalPath(worktree.path), target)) return worktree;
  }
  return undefined;
}

/**
 * A linked worktree's checkout whose administrative directory is gone: `.git` is a file
 * (`gitdir: …`) pointing nowhere. A `.git` pointing at an existing directory belongs to a
 * live worktree (possibly of another repository) and is left alone.
 */
async function isStaleLinkedCheckout(target: string): Promise<boolean> {
  const dotGit = path.join(target, '.git');
  const content = await readFile(dotGit, 'utf8').catch(() => null);
  const gitdir = content?.match(/^gitdir: (.+?)\r?\n?$/)?.[1];
  if (gitdir === undefined) return false;
  return !(await pathExists(path.resolve(target, gitdir)));
}
