// Restart Daemon, Show Output, Refresh and the status bar's quick actions (Add Project is in projectCommands.ts).
import * as vscode from 'vscode';
import { sessionDescription, sessionTitle } from '../model/sessionPresentation.js';
import { registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS, SESSIONS_VIEW_ID } from './commandIds.js';
import { pickCandidates } from './sessionArgs.js';

export function registerDaemonCommands(deps: CommandDeps, reload: () => Promise<void>): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.restartDaemon, async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Restarting the Switchboard daemon…' },
        () => deps.supervisor.restart(),
      );
      if (deps.supervisor.state !== 'up') {
        throw new Error(`The daemon did not come back: ${deps.supervisor.lastError ?? 'unknown reason'}`);
      }
      void vscode.window.setStatusBarMessage('$(check) Switchboard daemon restarted', 5_000);
    }),
    registerCommand(deps, COMMANDS.showOutput, () => deps.log.show(true)),
    registerCommand(deps, COMMANDS.refresh, () => reload()),
    registerCommand(deps, COMMANDS.quickActions, () => quickActions(deps)),
  ];
}

interface ActionItem extends vscode.QuickPickItem {
  run: () => unknown;
}

async function quickActions(deps: CommandDeps): Promise<void> {
  const items: ActionItem[] = [];
  const now = Date.now();
  if (deps.connection.state === 'up') {
    for (const s of pickCandidates(deps.model.allSessions(), 'answer').slice(0, 5)) {
      items.push({ label: `$(bell-dot) ${sessionTitle(s)}`, description: sessionDescription(s, now), run: () => deps.chat.open(s.id) });
    }
    for (const s of pickCandidates(deps.model.allSessions(), 'login').slice(0, 5)) {
      items.push({ label: `$(key) ${sessionTitle(s)}`, description: sessionDescription(s, now), run: () => vscode.commands.executeCommand(COMMANDS.login, s.id) });
    }
    items.push(
      { label: '$(add) Start Session…', run: () => vscode.commands.executeCommand(COMMANDS.startSession) },
      { label: '$(list-tree) Show Sessions', run: () => vscode.commands.executeCommand(`${SESSIONS_VIEW_ID}.focus`) },
    );
  }
  items.push(
    { label: '$(debug-restart) Restart Daemon', run: () => vscode.commands.executeCommand(COMMANDS.restartDaemon) },
    { label: '$(output) Show Switchboard Log', run: () => deps.log.show(true) },
  );
  const picked = await vscode.window.showQuickPick(items, { placeHolder: statusLine(deps) });
  await picked?.run();
}

function statusLine(deps: CommandDeps): string {
  const d = deps.connection.discovery;
  if (deps.connection.state !== 'up') return `Daemon ${deps.connection.state}${deps.supervisor.lastError ? `: ${deps.supervisor.lastError}` : ''}`;
  return `Daemon up (pid ${d?.pid ?? '?'}, port ${d?.port ?? '?'}, version ${d?.version ?? '?'}) · ${deps.model.runningCount} running · ${deps.model.waitingCount} waiting for you`;
}
