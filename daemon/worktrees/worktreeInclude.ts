// Which git-ignored files of the project checkout a new worktree gets (`.worktreeinclude` and the
// config's `include`), decided by git itself — the reference implementation of gitignore syntax —
// and bringing them over. See docs/worktree-setup.md.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IncludeMode } from '../protocol/projectConfig.js';
import { runGit } from './gitRunner.js';
import { transferFile } from './includeTransfer.js';

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
  const ignored = new Set(await listUntracked(repoPath, ['--exclude-standard']));
  for (const mode of [...MODE_PRECEDENCE].reverse()) {
    const patterns = rules.filter((rule) => rule.mode === mode).map((rule) => `--exclude=${rule.pattern}`);
    if (patterns.length === 0) continue;
    for (const file of await listUntracked(repoPath, patterns)) if (ignored.has(file)) chosen.set(file, mode);
  }
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
  for (const [relative, mode] of files) {
    const outcome = await transferFile(repoPath, worktreePath, relative, mode);
    if (!outcome) continue;
    result.files++;
    result.bytes += outcome.bytes;
    result.byMode[mode].files++;
    result.byMode[mode].bytes += outcome.bytes;
    if (outcome.fellBack && mode !== 'copy') result.byMode[mode].fellBack = true;
  }
  return result;
}
