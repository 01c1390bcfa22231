import os from 'node:os';
import { GitError } from './gitError.js';
import { runGit } from './gitRunner.js';

/**
 * The oldest git this folder works with: `worktree list -z` (2.36), `rev-parse
 * --path-format` (2.31), `add --pathspec-from-file` (2.25). Checked once at daemon start so an
 * old git fails with a clear message instead of an odd error in the middle of a session.
 */
export const MIN_GIT_VERSION = [2, 36, 0] as const;

export type GitVersion = readonly [major: number, minor: number, patch: number];

/** Reads `git version 2.39.5` (also `2.39.5.windows.1`, `2.37.1 (Apple Git-137.1)`); null if unrecognised. */
export function parseGitVersion(output: string): GitVersion | null {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isAtLeast(version: GitVersion, minimum: GitVersion): boolean {
  for (let i = 0; i < 3; i++) {
    const have = version[i] ?? 0;
    const need = minimum[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** The installed git's version; `git_unavailable` when git is missing or older than MIN_GIT_VERSION. */
export async function checkGitVersion(): Promise<{ version: string }> {
  const output = await runGit(os.tmpdir(), ['version']);
  const version = parseGitVersion(output);
  const wanted = MIN_GIT_VERSION.join('.');
  if (version === null) throw new GitError('git_unavailable', `cannot read the git version from ${JSON.stringify(output.trim())}`);
  if (!isAtLeast(version, MIN_GIT_VERSION)) {
    throw new GitError('git_unavailable', `git ${version.join('.')} is too old; Switchboard needs git ${wanted} or newer`);
  }
  return { version: version.join('.') };
}
