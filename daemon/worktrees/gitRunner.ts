import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import { gitOperation, publishGitRun } from '../system/metricsChannels.js';
import { GitError } from './gitError.js';

/**
 * The one place that runs git. Everything else in this folder builds argument lists and parses
 * output; this file turns them into processes (through execa; see execGit for why not simple-git).
 */

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  /** Extra environment variables layered over the daemon's curated environment. */
  env?: Record<string, string>;
}

/**
 * Variables that would point git at a different repository, index or program than the one
 * we name. A daemon started from inside a git hook or an editor would otherwise inherit them
 * and silently operate on the wrong repository, or open an editor/pager/prompt nobody sees.
 */
const STRIPPED_ENV = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'EDITOR',
  'GIT_PAGER',
  'PAGER',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_PROXY_COMMAND',
  'GIT_EXTERNAL_DIFF',
  'GIT_TEMPLATE_DIR',
]);

function gitEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !STRIPPED_ENV.has(key.toUpperCase())) env[key] = value;
  }
  // Never block on a credential prompt; never take opportunistic index locks that could make
  // an agent's own `git` in the same worktree fail with index.lock.
  env['GIT_TERMINAL_PROMPT'] = '0';
  env['GIT_OPTIONAL_LOCKS'] = '0';
  return { ...env, ...extra };
}

/**
 * Runs `git <args>` in `cwd`; resolves with the exit code and output even when git fails.
 * Through execa rather than simple-git: simple-git waits 50 ms after every command that prints
 * nothing (its completion detection), and the daemon's hot paths are full of silent commands
 * (`show-ref --quiet`, `worktree add --quiet`, `update-ref`), which made a session start pay for
 * it several times over. Arguments are never options taken from a request: callers check refs
 * with `assertNotOption` (queries.ts) before they get here.
 */
export async function execGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const isDirectory = await stat(cwd).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new GitError('not_a_repository', `${cwd} does not exist or is not a directory`, { args });
  }
  // A worktree is an agent's workspace: whatever it managed to plant there must not run here.
  // fsmonitor is a command git runs on every status; the daemon never needs it.
  const started = performance.now();
  const result = await execa('git', ['-c', 'core.fsmonitor=false', ...args], {
    cwd,
    env: gitEnvironment(options.env),
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    stdin: 'ignore',
    encoding: 'utf8',
  });
  // Every git run of the daemon passes here: the one place its duration is measured (metrics).
  publishGitRun({ operation: gitOperation(args), seconds: (performance.now() - started) / 1000 });
  if (result.exitCode === undefined) {
    // Not started at all (ENOENT, EACCES), or killed by a signal.
    const why = result.originalMessage ?? result.shortMessage ?? 'no exit code';
    if (result.signal) throw new GitError('git_failed', `git ${args.join(' ')} was killed by ${result.signal}`, { args });
    throw new GitError('git_unavailable', `git could not be started (is it installed and on PATH?): ${why.split('\n')[0] ?? ''}`, { args, exitCode: -1, stderr: String(result.stderr ?? '') });
  }
  return { exitCode: result.exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Runs `git <args>` in `cwd` and returns stdout; a non-zero exit throws `GitError` (`git_failed`). */
export async function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const result = await execGit(cwd, args, options);
  if (result.exitCode !== 0) throw gitFailed(args, result);
  return result.stdout;
}

export function gitFailed(args: readonly string[], result: GitResult): GitError {
  const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`;
  return new GitError('git_failed', `git ${args.join(' ')} failed: ${detail}`, {
    args,
    exitCode: result.exitCode,
    stderr: result.stderr,
  });
}
