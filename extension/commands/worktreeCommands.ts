// Where a session works: open its worktree in a new window or add it to this workspace, open a
// terminal there, or read its agent log. Read-only sessions (analyze, review) have no worktree
// and work in the project checkout; the terminal opens there.
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { logUri, type LogDocumentProvider } from '../views/logDocuments.js';
import { registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS } from './commandIds.js';
import { resolveSession } from './pickers.js';

function worktreeOf(s: Session): vscode.Uri | undefined {
  if (!s.worktreePath) {
    void vscode.window.showInformationMessage(`"${sessionTitle(s)}" has no worktree: ${s.action} sessions work read-only in the project checkout (${s.cwd}).`);
    return undefined;
  }
  return vscode.Uri.file(s.worktreePath);
}

export function registerWorktreeCommands(deps: CommandDeps, logs: LogDocumentProvider): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.openWorktreeInNewWindow, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'worktree', 'Open the worktree of which session?');
      const uri = s && worktreeOf(s);
      if (uri) await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
    }),
    registerCommand(deps, COMMANDS.addWorktreeToWorkspace, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'worktree', 'Add the worktree of which session?');
      const uri = s && worktreeOf(s);
      if (!s || !uri) return;
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.some((f) => f.uri.fsPath === uri.fsPath)) return;
      vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name: `${s.agent}: ${sessionTitle(s)}` });
    }),
    registerCommand(deps, COMMANDS.openTerminal, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'logs', 'Open a terminal in which session?');
      if (!s) return;
      const terminal = vscode.window.createTerminal({ name: `${s.agent} · ${s.shortId}`, cwd: s.worktreePath ?? s.cwd, iconPath: new vscode.ThemeIcon('terminal') });
      terminal.show();
    }),
    registerCommand(deps, COMMANDS.showLogs, async (arg: unknown) => {
      const s = await resolveSession(deps, arg, 'logs', 'Show the log of which session?');
      if (!s) return;
      const uri = logUri(s.id, s.shortId);
      logs.refresh(uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  ];
}
