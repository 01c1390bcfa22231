// Which git-ignored files of the project checkout a new worktree gets (`.worktreeinclude` and the
// config's `include`), decided by git itself — the reference implementation of gitignore syntax —
// and bringing them over. See docs/worktree-setup.md.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IncludeMode } from '../protocol/projectConfig.js';
import { runGit } from './gitRunner.js';
import { TransferDirs, transferFile, type TransferOutcome } from './includeTransfer.js';

export const WORKTREE_INCLUDE_FILE = '.worktreeinclude';

export interface IncludeRuleLine {
  pattern: string;
  mode: IncludeMode;
}

export interface IncludeResult {
  files: number;
  bytes: number;
  byMode: {
    copy: { files: number; bytes: number };
    reflink: { files: number; bytes: number; fellBack: boolean };
    hardlink: { files: number; bytes: number; fellBack: boolean };
  };
}

/** Files brought side by side into a new worktree. */
const TRANSFER_CONCURRENCY = 16;

/** When a file matches rules of several modes, the safest wins: a copy can carve an exception out of a linked folder. */
const MODE_PRECEDENCE: readonly IncludeMode[] = ['copy', 'reflink', 'hardlink'];

/** The rules of `.worktreeinclude` in the checkout (all `copy`), without blank lines and comments; none when absent. */
export async function readWorktreeInclude(repoPath: string): Promise<IncludeRuleLine[]> {
  const text = await readFile(path.join(repoPath, WORKTREE_INCLUDE_FILE), 'utf8').catch(() => '');
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((pattern) => ({ pattern, mode: 'copy' as const }));
}

/**
 * Files (relative, posix) that git ignores in the checkout and the rules select, each with its
 * mode. Git lists them: once with the repository's own ignore rules (only ignored files are
 * brought; tracked ones are in the worktree already), once per mode with that mode's rules as
 * the only excludes (so `!` negations work within a mode).
 */
export async function matchIncludedFiles(repoPath: string, rules: readonly IncludeRuleLine[]): Promise<Map<string, IncludeMode>> {
  const chosen = new Map<string, IncludeMode>();
  if (rules.length === 0) return chosen;
  // The listings are independent git processes: asked side by side, applied in precedence order.
  const modes = [...MODE_PRECEDENCE].reverse().map((mode) => ({ mode, patterns: rules.filter((rule) => rule.mode === mode).map((rule) => `--exclude=${rule.pattern}`) }));
  const [ignoredList, ...byMode] = await Promise.all([
    listUntracked(repoPath, ['--exclude-standard']),
    ...modes.map(({ patterns }) => (patterns.length === 0 ? Promise.resolve([]) : listUntracked(repoPath, patterns))),
  ]);
  const ignored = new Set(ignoredList);
  modes.forEach(({ mode }, i) => {
    for (const file of byMode[i] ?? []) if (ignored.has(file)) chosen.set(file, mode);
  });
  return chosen;
}

/** `git ls-files --others --ignored` with the given exclude options: untracked files matching them. Nested repositories (listed as `dir/`) are left out. */
async function listUntracked(repoPath: string, excludes: readonly string[]): Promise<string[]> {
  const out = await runGit(repoPath, ['ls-files', '-z', '--others', '--ignored', ...excludes]);
  return out.split('\0').filter((entry) => entry !== '' && !entry.endsWith('/'));
}

/** Brings the chosen files from the checkout into the worktree; counts and bytes per mode. */
export async function bringIncludedFiles(repoPath: string, worktreePath: string, files: ReadonlyMap<string, IncludeMode>): Promise<IncludeResult> {
  const result: IncludeResult = {
    files: 0,
    bytes: 0,
    byMode: { copy: { files: 0, bytes: 0 }, reflink: { files: 0, bytes: 0, fellBack: false }, hardlink: { files: 0, bytes: 0, fellBack: false } },
  };
  const count = (mode: IncludeMode, outcome: TransferOutcome | null): void => {
    if (!outcome) return;
    result.files++;
    result.bytes += outcome.bytes;
    result.byMode[mode].files++;
    result.byMode[mode].bytes += outcome.bytes;
    if (outcome.fellBack && mode !== 'copy') result.byMode[mode].fellBack = true;
  };
  // A few files at a time: each is a handful of metadata calls, and a session start waits for them
  // all; every file has its own path, so they cannot step on each other.
  // On a failure the others stop taking files, and all settle before the error goes up (the caller
  // then removes the worktree, with nothing still writing into it).
  const queue = [...files];
  const dirs = new TransferDirs(worktreePath);
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [relative, mode] = next;
      try {
        count(mode, await transferFile(repoPath, worktreePath, relative, mode, dirs));
      } catch (err) {
        queue.length = 0;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(TRANSFER_CONCURRENCY, queue.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return result;
}
