// Add Project, Restart Daemon, Show Output, Refresh and the status bar's quick actions.
import * as vscode from 'vscode';
import { sessionDescription, sessionTitle } from '../model/sessionPresentation.js';
import { clientOf, registerCommand, type CommandDeps } from './commandContext.js';
import { COMMANDS, SESSIONS_VIEW_ID } from './commandIds.js';
import { pickCandidates } from './sessionArgs.js';

export function registerDaemonCommands(deps: CommandDeps, reload: () => Promise<void>): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.addProject, async (arg: unknown) => {
      const path = await folderToAdd(arg);
      if (!path) return;
      const client = await clientOf(deps);
      const { project } = await client.api.addProject({ body: { path } });
      void vscode.window.setStatusBarMessage(`$(repo) Switchboard: added project ${project.name}`, 5_000);
      deps.log.info(`added project ${project.slug} (${project.repoPath})`);
      return project;
    }),
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

/** The folder argument (explorer context), else a workspace folder, else a folder picker. */
async function folderToAdd(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const folders = vscode.workspace.workspaceFolders ?? [];
  const browse = { label: '$(folder-opened) Browse…', path: '' };
  if (folders.length === 1) return folders[0]!.uri.fsPath;
  if (folders.length > 1) {
    const picked = await vscode.window.showQuickPick(
      [...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, path: f.uri.fsPath })), browse],
      { placeHolder: 'Which git repository should Switchboard work on?' },
    );
    if (!picked) return undefined;
    if (picked.path) return picked.path;
  }
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Add Project' });
  return chosen?.[0]?.fsPath;
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
