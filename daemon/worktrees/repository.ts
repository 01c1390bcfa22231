import { realpath } from 'node:fs/promises';
import { GitError } from './gitError.js';
import { runGit, execGit, gitFailed } from './gitRunner.js';
import { headCommit, listWorktrees, locateRepository, resolveCommit } from './queries.js';

export interface RepositoryInfo {
  /** Real path of the work tree's top level (what projects are keyed by and locks are taken on). */
  root: string;
  /**
   * The branch sessions start from by default: a local branch name when one exists, else the
   * remote-tracking name (`origin/main`), so the value always resolves in this repository.
   */
  defaultBranch: string;
  /** The commit checked out at `root`, or null when its branch has no commit yet. */
  headCommit: string | null;
}

/**
 * Checks that `path` is a usable project repository and reads what a project row needs.
 * Refuses plain directories and bare repositories (`not_a_repository`) and repositories
 * without any commit (`no_commits`): a worktree needs a commit to start from.
 */
export async function inspectRepository(path: string): Promise<RepositoryInfo> {
  const location = await locateRepository(path);
  const root = await realpath(location.topLevel);

  const anyCommitArgs = ['rev-list', '-n', '1', '--all'];
  const anyCommit = await execGit(root, anyCommitArgs);
  if (anyCommit.exitCode !== 0) throw gitFailed(anyCommitArgs, anyCommit);
  if (anyCommit.stdout.trim() === '') {
    throw new GitError('no_commits', `${root} has no commits yet; make a first commit so sessions have a base to start from`);
  }

  return { root, defaultBranch: await detectDefaultBranch(root), headCommit: await headCommit(root) };
}

/**
 * origin/HEAD (what the remote calls its default), else the branch the main checkout is on,
 * else `main` or `master`, else the only/first local branch. Each candidate must resolve to
 * a commit, because the answer is used as the base of new worktrees.
 */
async function detectDefaultBranch(root: string): Promise<string> {
  const originHead = await symbolicRef(root, 'refs/remotes/origin/HEAD');
  if (originHead?.startsWith('refs/remotes/origin/')) {
    const name = originHead.slice('refs/remotes/origin/'.length);
    if (await hasCommit(root, `refs/heads/${name}`)) return name;
    if (await hasCommit(root, originHead)) return `origin/${name}`;
  }

  // The main checkout (first worktree entry), not `root`, which may be a linked worktree.
  const main = (await listWorktrees(root)).find((worktree) => worktree.isMain);
  if (main?.branch && (await hasCommit(root, `refs/heads/${main.branch}`))) return main.branch;

  for (const candidate of ['main', 'master']) {
    if (await hasCommit(root, `refs/heads/${candidate}`)) return candidate;
  }

  const firstBranch = (await runGit(root, ['for-each-ref', '--count=1', '--sort=refname', '--format=%(refname:short)', 'refs/heads/'])).trim();
  if (firstBranch !== '') return firstBranch;
  throw new GitError('no_default_branch', `${root} has commits but no branch to start sessions from; create a branch first`);
}

async function symbolicRef(cwd: string, ref: string): Promise<string | null> {
  const args = ['symbolic-ref', '--quiet', ref];
  const result = await execGit(cwd, args);
  if (result.exitCode === 0) return result.stdout.trim();
  if (result.exitCode === 1) return null; // Missing or not symbolic.
  throw gitFailed(args, result);
}

async function hasCommit(cwd: string, ref: string): Promise<boolean> {
  return (await resolveCommit(cwd, ref)) !== null;
}
