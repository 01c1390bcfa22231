import { parseNulList, parseRawNumstatZ, type TreeChange } from './changeParsers.js';
import { DIFF_FORMAT_ARGS } from './diffAgainstBase.js';
import { runGit } from './gitRunner.js';
import { parseStatusPorcelainZ, type FileStatus } from './porcelain.js';
import { withScratchIndex } from './scratchIndex.js';

/**
 * Changed files and unified diffs between two sides: a commit and the live worktree, or two
 * commits (a turn's checkpoints). One git invocation per facet, `-z` output, never the agent's
 * real index: the worktree side goes through a scratch index (see scratchIndex.ts).
 */

/** Raw entries (status, paths, modes) and numstat (line counts) in one run, renames detected. */
const LIST_ARGS = ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--raw', '--numstat', '-z', '-M'] as const;

/** Paths are literal: a file named `*.ts` or `:(glob)x` means itself. */
const LITERAL = { GIT_LITERAL_PATHSPECS: '1' };

export interface WorktreeChanges {
  /** Everything from `from` to the worktree: commits on its branch, staged, unstaged, untracked. */
  changes: TreeChange[];
  /** Paths that differ between `from` and the worktree's HEAD (the committed facet). */
  committed: Set<string>;
  /** `git status` of the worktree (the uncommitted and untracked facets). */
  status: FileStatus[];
}

/** The worktree at `root` against `fromCommit`, with the facet each change comes from. */
export async function listWorktreeChanges(root: string, fromCommit: string): Promise<WorktreeChanges> {
  const [changes, committed, status] = await Promise.all([
    withScratchIndex(root, 'intent', async (env) => parseRawNumstatZ(await runGit(root, [...LIST_ARGS, fromCommit], { env }))),
    runGit(root, ['diff', '--no-ext-diff', '--name-only', '--no-renames', '-z', fromCommit, 'HEAD']).then((out) => new Set(parseNulList(out))),
    runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']).then(parseStatusPorcelainZ),
  ]);
  return { changes, committed, status };
}

/** Changes between two commits (or trees); no worktree involved. */
export async function listTreeChanges(cwd: string, from: string, to: string): Promise<TreeChange[]> {
  return parseRawNumstatZ(await runGit(cwd, [...LIST_ARGS, from, to]));
}

/** Unified diff of the worktree against `fromCommit`, optionally limited to `paths`. */
export async function worktreeDiffText(root: string, fromCommit: string, paths: readonly string[] = []): Promise<string> {
  return withScratchIndex(root, 'intent', (env) => runGit(root, ['diff', ...DIFF_FORMAT_ARGS, '-M', fromCommit, '--', ...paths], { env }));
}

/** Unified diff between two commits, optionally limited to `paths`. */
export async function treeDiffText(cwd: string, from: string, to: string, paths: readonly string[] = []): Promise<string> {
  return runGit(cwd, ['diff', ...DIFF_FORMAT_ARGS, '-M', from, to, '--', ...paths], { env: LITERAL });
}

/** Paths that differ between two commits or trees, both sides of a rename listed. */
export async function changedPaths(cwd: string, from: string, to: string): Promise<string[]> {
  return parseNulList(await runGit(cwd, ['diff', '--no-ext-diff', '--name-only', '--no-renames', '-z', from, to]));
}
