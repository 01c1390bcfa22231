// The one table from the inner layers' typed errors to the protocol's error codes. Every layer
// keeps its own vocabulary (a `reason`); whatever of it reaches a client is translated here, and
// only here: the HTTP layer passes every error of every route (JSON, raw, upgrades) through
// `toProtocolError` (http/respond.ts). A service that knows more — which request field was at
// fault, a message in the request's terms — throws a SwitchboardError itself; that passes as is.
// Agents' errors are absent on purpose: the session runner turns them into session states, and
// none reaches a route.
// Each table is a full Record over its reasons, so a new reason does not compile until it is
// placed here. `null` means "not the client's doing": a 500 whose details stay in the daemon log.
import { ContainerError, type ContainerErrorReason } from '../containers/errors.js';
import { SwitchboardError, type ErrorCode } from '../protocol/errors.js';
import { StorageError, type StorageErrorReason } from '../storage/errors.js';
import { GitError, type GitErrorReason } from '../worktrees/gitError.js';

const STORAGE: Record<StorageErrorReason, ErrorCode | null> = {
  conflict: 'conflict',
  not_found: 'not_found',
  invalid_reference: 'invalid_request',
  busy: 'unavailable',
  native_module_mismatch: null,
  open_failed: null,
  schema_too_new: null,
  migration_failed: null,
  corrupt: null,
  internal: null,
};

const GIT: Record<GitErrorReason, ErrorCode> = {
  not_a_repository: 'not_a_repository',
  no_commits: 'not_a_repository',
  ref_not_found: 'invalid_request',
  invalid_ref: 'invalid_request',
  branch_exists: 'conflict',
  worktree_exists: 'conflict',
  branch_in_use: 'conflict',
  git_unavailable: 'unavailable',
  no_default_branch: 'git_failed',
  main_worktree: 'git_failed',
  verify_failed: 'git_failed',
  io_failed: 'git_failed',
  git_failed: 'git_failed',
};

const CONTAINER: Record<ContainerErrorReason, ErrorCode> = {
  engine_unreachable: 'unavailable',
  image_missing: 'unavailable',
  not_found: 'not_found',
  invalid: 'invalid_request',
  engine_failed: 'internal',
  not_ready: 'unavailable',
  conflict: 'conflict',
  build_failed: 'internal',
};

/** The protocol error for a known domain error, or null for anything else (a bug: 500). */
export function toProtocolError(err: unknown): SwitchboardError | null {
  if (SwitchboardError.is(err)) return err;
  if (StorageError.is(err)) {
    const code = STORAGE[err.reason];
    // A unique value taken names its field (`slug`): the client can say which input to change.
    return code ? new SwitchboardError(code, err.message, err.field) : null;
  }
  if (GitError.is(err)) return new SwitchboardError(GIT[err.reason], err.message);
  // Clients tell an engine that is down from an image not built yet by the reason.
  if (ContainerError.is(err)) return new SwitchboardError(CONTAINER[err.reason], err.message, undefined, { reason: err.reason });
  return null;
}
