import { stat } from 'node:fs/promises';
import { simpleGit, GitError as SimpleGitError, GitPluginError } from 'simple-git';
import { GitError } from './gitError.js';

/**
 * The one place that runs git. Everything else in this folder builds argument lists and parses
 * output; this file turns them into processes (through simple-git, the only git dependency).
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
 * (simple-git also refuses most of the program-launching ones when an env is passed.)
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

/** Carries a non-zero exit out of simple-git with its streams intact (see `errors` below). */
class GitExit extends SimpleGitError {
  constructor(readonly result: GitResult) {
    super(undefined, result.stderr);
  }
}

/** Runs `git <args>` in `cwd`; resolves with the exit code and output even when git fails. */
export async function execGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const isDirectory = await stat(cwd).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new GitError('not_a_repository', `${cwd} does not exist or is not a directory`, { args });
  }
  const git = simpleGit({
    baseDir: cwd,
    trimmed: false,
    // The environment is the daemon's own, not input from agents or clients, so the user's
    // config-path variables (GIT_CONFIG_GLOBAL, PREFIX, GIT_CONFIG_COUNT…) are honoured.
    // simple-git refuses any core.fsmonitor setting unless told; ours only turns it off.
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true, allowUnsafeFsMonitor: true },
    // A worktree is an agent's workspace: whatever it managed to plant there must not run here.
    // fsmonitor is a command git runs on every status; the daemon never needs it.
    config: ['core.fsmonitor=false'],
    // simple-git treats "non-zero exit with empty stderr" as success (e.g. `rev-parse --verify
    // --quiet` on a missing ref) and reduces other failures to a message. We want every exit
    // code and both streams, so any non-zero exit becomes a GitExit; only simple-git's own
    // refusals (unsafe arguments, abort) pass through as they are.
    errors: (error, result) => {
      if (error instanceof GitPluginError) return error;
      if (result.exitCode === 0) return undefined;
      return new GitExit({
        exitCode: result.exitCode,
        stdout: Buffer.concat(result.stdOut).toString('utf8'),
        stderr: Buffer.concat(result.stdErr).toString('utf8'),
      });
    },
  }).env(gitEnvironment(options.env));
  try {
    const stdout = await git.raw([...args]);
    return { exitCode: 0, stdout, stderr: '' };
  } catch (error) {
    if (error instanceof GitExit) {
      // Node reports a failed spawn (ENOENT, EACCES) as a negative "exit code".
      if (error.result.exitCode < 0) {
        throw new GitError('git_unavailable', `git could not be started (is it installed and on PATH?): ${error.result.stderr.split('\n')[0] ?? ''}`, {
          args,
          exitCode: error.result.exitCode,
          stderr: error.result.stderr,
        });
      }
      return error.result;
    }
    throw new GitError('git_failed', `git ${args.join(' ')} could not run: ${String(error)}`, { args, cause: error });
  }
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
