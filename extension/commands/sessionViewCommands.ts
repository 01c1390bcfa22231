// Open Chat: the one command that hands over to the chat panels.
import type * as vscode from 'vscode';
import { registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveSession } from './pickers.js';
import { startSession } from './startSession.js';

export function registerSessionViewCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.startSession, (arg: unknown) => startSession(deps, arg)),
    registerCommand(deps, COMMANDS.openChat, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'chat', 'Open the chat of which session?');
      if (s) deps.chat.open(s.id);
    }),
  ];
}
