import { realpath } from 'node:fs/promises';
import { GitError } from './gitError.js';
import { execGit, gitFailed, runGit } from './gitRunner.js';
import { parseWorktreeListPorcelain, type WorktreeInfo } from './porcelain.js';
import { samePath } from './paths.js';

/** Small read-only git questions shared by `repository.ts` and `worktreeManager.ts`. */

/** Arguments that start with `-` would be read as options by git; refuse them outright. */
export function assertNotOption(value: string, what: string): void {
  if (value === '' || value.startsWith('-')) {
    throw new GitError('invalid_ref', `${what} ${JSON.stringify(value)} is not a valid git ref`);
  }
}

/** The commit `ref` names, or null when it names none. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | null> {
  assertNotOption(ref, 'ref');
  const args = ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`];
  const result = await execGit(cwd, args);
  // `--verify --quiet` exits 1 silently for "no such ref"; anything else is a real failure.
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode === 1 && result.stderr.trim() === '') return null;
  throw gitFailed(args, result);
}

export async function headCommit(cwd: string): Promise<string | null> {
  return resolveCommit(cwd, 'HEAD');
}

/** The checked-out branch's short name (even when it has no commit yet), or null when detached. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const args = ['symbolic-ref', '--quiet', '--short', 'HEAD'];
  const result = await execGit(cwd, args);
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode === 1) return null;
  throw gitFailed(args, result);
}

export async function branchExists(cwd: string, branch: string): Promise<boolean> {
  assertNotOption(branch, 'branch');
  const args = ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`];
  const result = await execGit(cwd, args);
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw gitFailed(args, result);
}

export async function listWorktrees(repoPath: string): Promise<WorktreeInfo[]> {
  return parseWorktreeListPorcelain(await runGit(repoPath, ['worktree', 'list', '--porcelain', '-z']));
}

export interface RepositoryLocation {
  /** Top level of the work tree containing the path (a linked worktree's own root when inside one). */
  topLevel: string;
  /** The repository's shared git directory (`.git` of the main checkout). */
  commonDir: string;
}

/** Where the repository containing `path` is; `not_a_repository` for plain directories and bare repositories. */
export async function locateRepository(path: string): Promise<RepositoryLocation> {
  const args = ['rev-parse', '--is-bare-repository', '--path-format=absolute', '--git-common-dir', '--show-toplevel'];
  const result = await execGit(path, args);
  // git prints the answers it could give before failing on the one it could not, so a bare
  // repository (or a path inside `.git`) shows up as a first line followed by exit 128.
  const [bare, commonDir, topLevel] = result.stdout.split('\n');
  const details = { args, exitCode: result.exitCode, stderr: result.stderr };
  if (bare === 'true') {
    throw new GitError('not_a_repository', `${path} is a bare repository; a checkout with a working tree is needed`, details);
  }
  if (result.exitCode !== 0 || !topLevel || !commonDir) {
    const why = bare === 'false' ? 'is inside a .git directory, not a working tree' : 'is not inside a git repository';
    // Also reached for unsafe ownership (safe.directory), so git's own words go into the message.
    throw new GitError('not_a_repository', `${path} ${why}: ${result.stderr.trim()}`, details);
  }
  return { topLevel, commonDir };
}

/**
 * The real path of `path` when it is the top level of a work tree. Asking git about a directory
 * that lost its `.git` link would silently answer for an enclosing repository instead, so
 * worktree-scoped reads check this first.
 */
export async function worktreeRoot(path: string): Promise<string> {
  const { topLevel } = await locateRepository(path);
  const [top, requested] = await Promise.all([realpath(topLevel), realpath(path)]);
  if (!samePath(top, requested)) {
    throw new GitError('not_a_repository', `${path} is not the top level of a git worktree (its work tree is ${top})`);
  }
  return top;
}
