// Typed errors of the agents layer. Callers branch on `reason`, never on message text.
import type { AuthMethod } from '../protocol/entities.js';

export type AgentStartErrorReason = 'not_installed' | 'bad_cwd' | 'exited_early' | 'timeout' | 'protocol';

/** The agent process could not be started or did not complete `initialize`. */
export class AgentStartError extends Error {
  override readonly name = 'AgentStartError';
  readonly reason: AgentStartErrorReason;
  /** Whatever the agent wrote to stderr before it failed (may be empty). */
  readonly stderrTail: string;
  readonly exitCode: number | null;

  constructor(
    reason: AgentStartErrorReason,
    message: string,
    details: { stderrTail?: string; exitCode?: number | null; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.stderrTail = details.stderrTail ?? '';
    this.exitCode = details.exitCode ?? null;
  }

  static is(err: unknown, reason?: AgentStartErrorReason): err is AgentStartError {
    return err instanceof AgentStartError && (reason === undefined || err.reason === reason);
  }
}

export type AgentRequestErrorReason =
  | 'auth_required'
  | 'session_not_found'
  | 'unsupported'
  | 'timeout'
  | 'exited'
  | 'protocol';

/** A request to a running agent failed. `code`/`data` are the JSON-RPC error's, when there was one. */
export class AgentRequestError extends Error {
  override readonly name = 'AgentRequestError';
  readonly reason: AgentRequestErrorReason;
  readonly method: string;
  readonly code: number | null;
  readonly data: unknown;
  /** For `auth_required`: the methods the agent offered at `initialize`. */
  readonly authMethods: AuthMethod[];

  constructor(
    reason: AgentRequestErrorReason,
    method: string,
    message: string,
    details: { code?: number | null; data?: unknown; authMethods?: AuthMethod[]; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.method = method;
    this.code = details.code ?? null;
    this.data = details.data;
    this.authMethods = details.authMethods ?? [];
  }

  static is(err: unknown, reason?: AgentRequestErrorReason): err is AgentRequestError {
    return err instanceof AgentRequestError && (reason === undefined || err.reason === reason);
  }
}

export type FsRefusalReason = 'outside_root' | 'symlink_escape' | 'read_only' | 'not_a_file' | 'invalid_path';

/** A file-system or terminal request from an agent that the confinement rules refuse. */
export class FsRefusal extends Error {
  override readonly name = 'FsRefusal';
  readonly reason: FsRefusalReason;
  /** The path as the agent asked for it. */
  readonly requestedPath: string;

  constructor(reason: FsRefusalReason, requestedPath: string, message: string) {
    super(message);
    this.reason = reason;
    this.requestedPath = requestedPath;
  }

  static is(err: unknown, reason?: FsRefusalReason): err is FsRefusal {
    return err instanceof FsRefusal && (reason === undefined || err.reason === reason);
  }
}

export type TerminalErrorReason = 'not_found' | 'spawn_failed' | 'bad_cwd';

/** A terminal/* request that cannot be served. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  readonly reason: TerminalErrorReason;

  constructor(reason: TerminalErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }

  static is(err: unknown, reason?: TerminalErrorReason): err is TerminalError {
    return err instanceof TerminalError && (reason === undefined || err.reason === reason);
  }
}

/** A file an agent asked to read is too big to send back in one message. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  readonly reason = 'too_large' as const;
}
