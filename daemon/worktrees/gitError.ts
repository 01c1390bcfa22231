/**
 * Why a git operation failed, as data. Callers (the sessions layer, the HTTP error mapper)
 * branch on `reason`, never on the message, which is for people.
 */
export type GitErrorReason =
  /** The path does not exist, is not inside a work tree, or is a bare repository. */
  | 'not_a_repository'
  /** The repository has no commit at all, so there is nothing to base a worktree on. */
  | 'no_commits'
  /** No default branch could be determined (no origin/HEAD, detached main checkout, no branches). */
  | 'no_default_branch'
  /** A ref (base ref, base commit) does not resolve to a commit. */
  | 'ref_not_found'
  /** A branch name or ref argument is not acceptable to git (or would be read as an option). */
  | 'invalid_ref'
  /** The branch to create already exists. */
  | 'branch_exists'
  /** The branch to delete is checked out in some worktree. */
  | 'branch_in_use'
  /** The worktree path already exists on disk or is already registered with git. */
  | 'worktree_exists'
  /** The operation targets the repository's main working tree, which is never ours to remove. */
  | 'main_worktree'
  /** git reported success but the result is not what was asked for; the work was rolled back. */
  | 'verify_failed'
  /** A file-system step around git failed (e.g. creating a worktree's parent directory). */
  | 'io_failed'
  /** The git executable could not be started (not installed, not on PATH). */
  | 'git_unavailable'
  /** Any other failure of a git command; `stderr` and `args` carry the details. */
  | 'git_failed';

export interface GitErrorDetails {
  /** The git arguments that failed, when a git command was the cause. */
  args?: readonly string[];
  exitCode?: number | null;
  stderr?: string;
  cause?: unknown;
}

export class GitError extends Error {
  override readonly name = 'GitError';
  readonly reason: GitErrorReason;
  readonly args: readonly string[] | undefined;
  readonly exitCode: number | null | undefined;
  readonly stderr: string | undefined;

  constructor(reason: GitErrorReason, message: string, details: GitErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.args = details.args;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
  }

  /** Type guard usable across module copies (bundles), so it checks the shape rather than `instanceof` alone. */
  static is(value: unknown, reason?: GitErrorReason): value is GitError {
    const isGitError =
      value instanceof GitError ||
      (value instanceof Error && value.name === 'GitError' && typeof (value as { reason?: unknown }).reason === 'string');
    return isGitError && (reason === undefined || (value as GitError).reason === reason);
  }
}
