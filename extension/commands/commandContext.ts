// What every command handler needs, passed in by the composition root, plus the one wrapper
// that turns a failed call into a message a person can act on (the daemon's errors are written
// for people; their code decides the wording, never their text).
import * as vscode from 'vscode';
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import { DaemonUnreachableError } from '../../daemon/protocol/client.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { DaemonConnection } from '../daemonConnection.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import type { DaemonSupervisor } from '../supervisor/daemonSupervisor.js';

/** The part of the chat panels the commands and notifications use. */
export interface ChatOpener {
  open(sessionId: string): void;
  focusedSessionId(): string | null;
}

export interface CommandDeps {
  context: vscode.ExtensionContext;
  connection: DaemonConnection;
  supervisor: DaemonSupervisor;
  model: SessionTreeModel;
  chat: ChatOpener;
  log: vscode.LogOutputChannel;
  /** Selects a session in the Sessions view (after it was created, for example). */
  reveal(sessionId: string): void;
}

/** A client, waiting briefly for a daemon that is starting; throws a plain message when down. */
export async function clientOf(deps: CommandDeps): Promise<SwitchboardClient> {
  return deps.connection.whenUp(deps.connection.state === 'starting' ? 30_000 : 3_000);
}

export function describeError(err: unknown): string {
  if (err instanceof DaemonUnreachableError) return 'The Switchboard daemon is not reachable. Use "Switchboard: Restart Daemon".';
  if (SwitchboardError.is(err, 'illegal_transition')) return `Not possible right now: ${err.message}.`;
  if (SwitchboardError.is(err, 'agent_not_installed')) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Registers a command whose failures become an error message and a log line, never a silent reject. */
export function registerCommand(
  deps: CommandDeps,
  id: string,
  handler: (...args: unknown[]) => Promise<unknown> | unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = describeError(err);
      deps.log.error(`${id}: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  });
}
