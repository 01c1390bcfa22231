// Typed errors from the inner layers that can reach a route (a race on a unique slug, git refusing
// a ref) become protocol errors here, by their `reason`, so every layer keeps its own vocabulary
// and no route needs its own try/catch.
import { SwitchboardError, type ErrorCode } from '../protocol/errors.js';
import { StorageError } from '../storage/errors.js';
import { GitError } from '../worktrees/gitError.js';

const STORAGE: Partial<Record<string, ErrorCode>> = {
  conflict: 'conflict',
  not_found: 'not_found',
  invalid_reference: 'invalid_request',
  busy: 'unavailable',
};

const GIT: Partial<Record<string, ErrorCode>> = {
  not_a_repository: 'not_a_repository',
  no_commits: 'not_a_repository',
  ref_not_found: 'invalid_request',
  invalid_ref: 'invalid_request',
  branch_exists: 'conflict',
  worktree_exists: 'conflict',
  branch_in_use: 'conflict',
  git_unavailable: 'unavailable',
};

/** The protocol error for a known domain error, or null for anything else (a bug: 500). */
export function toProtocolError(err: unknown): SwitchboardError | null {
  if (SwitchboardError.is(err)) return err;
  if (StorageError.is(err)) {
    const code = STORAGE[err.reason];
    return code ? new SwitchboardError(code, err.message, err.field) : null;
  }
  if (GitError.is(err)) return new SwitchboardError(GIT[err.reason] ?? 'git_failed', err.message);
  return null;
}
