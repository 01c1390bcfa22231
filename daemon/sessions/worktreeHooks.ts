// The project's setup and teardown commands for one session's worktree (docs/worktree-setup.md).
// CONTRACT STUB (issue 11): implemented by the setup helper; the runner and SessionService call it.
import type { SwitchboardError } from '../protocol/errors.js';

/** What a failed setup reports: the command, how it ended, the tail of its output. */
export interface SetupFailure {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Last lines of output, redacted. */
  tail: string;
}

export interface WorktreeHooksApi {
  /**
   * Runs `commands` in order in the session's worktree (inside the session's sandbox when it has
   * one), with `env` on top of the launch env. Keeps `session.setup` current (announced with
   * session.updated), emits setup.started/output/ended, writes the session log. Resolves when every
   * command exited 0; rejects with a `SetupFailedError` otherwise. Processes a command leaves running
   * in the background stay alive (in the session's setup process group) until `endBackground`.
   */
  setup(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void>;
  /** Best effort before the worktree goes: runs `commands` (failures warn), then `endBackground`. */
  teardown(sessionId: string, commands: string[], env: Record<string, string>, timeoutMs: number): Promise<void>;
  /** Ends every process setup left running for the session (stop, failure, delete). Idempotent. */
  endBackground(sessionId: string): Promise<void>;
  /** Daemon shutdown: ends every session's background processes. */
  shutdown(): Promise<void>;
}

export type SetupFailedError = SwitchboardError & { failure: SetupFailure };
