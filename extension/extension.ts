// The extension's composition root: the one place concrete classes are built and wired. Every
// part gets what it needs through its constructor; nothing here holds logic of its own.
// Activation is lazy (the Sessions view or a Switchboard command) and returns at once: the
// daemon is found or started in the background and the UI follows its state.
import os from 'node:os';
import * as vscode from 'vscode';
import { z } from 'zod';
import { SESSION_STATES } from '../daemon/protocol/entities.js';
import { SWITCHBOARD_VERSION } from '../daemon/protocol/version.js';
import { createArtifacts, registerArtifactCommands } from './artifacts/artifactsFeature.js';
import { pushStoredKeys } from './auth/apiKeys.js';
import { registerLoginCommand } from './auth/loginCommand.js';
import { Notifier } from './attention/notifier.js';
import { ChatPanels } from './chat/chatPanel.js';
import { registerContainers, type ContainersFeature } from './containers/containersFeature.js';
import type { CommandDeps } from './commands/commandContext.js';
import { CONTEXT_KEYS, SESSIONS_VIEW_ID } from './commands/commandIds.js';
import { registerApiDocsCommand } from './commands/apiDocsCommand.js';
import { registerDaemonCommands } from './commands/daemonCommands.js';
import { registerLifecycleCommands } from './commands/lifecycleCommands.js';
import { registerPermissionCommands } from './commands/permissionCommands.js';
import { registerPortCommands } from './commands/portCommands.js';
import { registerProjectCommands } from './commands/projectCommands.js';
import { registerSessionViewCommands } from './commands/sessionViewCommands.js';
import { registerSettingsCommands } from './commands/settingsCommands.js';
import { registerWorktreeCommands } from './commands/worktreeCommands.js';
import { followFleetSettings } from './connection/fleetSettingsSync.js';
import { LiveConnection } from './connection/liveConnection.js';
import { ModelSync } from './connection/modelSync.js';
import type { DaemonConnection } from './daemonConnection.js';
import { registerMcpServer } from './mcp/mcpProvider.js';
import { SessionTreeModel } from './model/sessionTreeModel.js';
import { UsageSync } from './model/usageSync.js';
import { ChangesModel } from './review/changesModel.js';
import { ChangeDecorations } from './review/fileDecorations.js';
import { registerLandCommands } from './review/landCommands.js';
import { ReviewComments } from './review/reviewComments.js';
import { registerReviewCommands } from './review/reviewCommands.js';
import { ReviewContentProvider } from './review/reviewContentProvider.js';
import { BASE_SCHEME } from './review/reviewUris.js';
import { WorktreeWindow } from './review/worktreeWindow.js';
import { SETTINGS_SECTION, readSettings } from './settings.js';
import { DaemonSupervisor } from './supervisor/daemonSupervisor.js';
import { fleetFlags } from './supervisor/fleetFlags.js';
import { resolveStateDir } from './supervisor/stateDir.js';
import { registerEvents, type EventsFeature } from './views/eventsFeature.js';
import { LOG_SCHEME, LogDocumentProvider } from './views/logDocuments.js';
import { SessionTreeProvider } from './views/sessionTreeProvider.js';
import { StatusBar } from './views/statusBar.js';

/** What `activate` returns: the integration tests read the live state through it. */
export interface SwitchboardExtensionApi {
  readonly connection: DaemonConnection;
  readonly model: SessionTreeModel;
  readonly supervisor: DaemonSupervisor;
  /** The Sessions view's data, as VS Code reads it. */
  readonly tree: SessionTreeProvider;
  /** Sessions' changed files, as the tree shows them. */
  readonly changes: ChangesModel;
  /** Review comments (the Comments API controller and its store). */
  readonly comments: ReviewComments;
  /** The Containers section and the desktop panels. */
  readonly containers: ContainersFeature;
  /** The Events view. */
  readonly events: EventsFeature;
}

export function activate(context: vscode.ExtensionContext): SwitchboardExtensionApi {
  // zod's JIT probes `navigator`, which the extension host reports as an error on every
  // activation; the interpreted parser is fast enough for our message sizes.
  z.config({ jitless: true });
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(log);
  const settings = readSettings();
  const stateDir = resolveStateDir(settings.stateDir, process.env, os.homedir());
  log.info(`Agent Switchboard ${SWITCHBOARD_VERSION}; state dir ${stateDir}`);

  const supervisor = new DaemonSupervisor({
    stateDir,
    bundlePath: context.asAbsolutePath('dist/daemon.cjs'),
    ...daemonSettings(log),
    version: SWITCHBOARD_VERSION,
    log,
  });
  const connection = new LiveConnection(supervisor, stateDir, log);
  // The daemon keeps handed-over API keys in memory only: give them back to every daemon we meet.
  context.subscriptions.push(
    connection.onDidChangeState((state) => {
      if (state === 'up' && connection.client) void pushStoredKeys(context, connection.client, log);
    }),
  );
  const model = new SessionTreeModel();
  // Subscribed before anything else reads the model, so listeners of the same event see it applied.
  const sync = new ModelSync(connection, model, log);
  // Review: changed files per session, fetched when a session is expanded, refreshed by events.
  const changes = new ChangesModel(async (id, turn) => (await connection.whenUp(10_000)).api.listChanges({ params: { id }, query: turn === null ? {} : { turn } }));
  context.subscriptions.push(
    changes,
    connection.onEvent((e) => changes.applyEvent(e)),
    connection.onDidReset(() => changes.invalidateAll()),
    connection.onDidGoLive(() => changes.invalidateAll()),
  );
  const usage = new UsageSync({ source: connection, log }); // projects' cost today
  const artifacts = createArtifacts(context, connection); // each turn's transcript, plan and diff, under sessions
  const provider = new SessionTreeProvider(model, changes, usage, artifacts);
  const treeView = vscode.window.createTreeView(SESSIONS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const chat = new ChatPanels(context, connection, log, model);
  const logs = new LogDocumentProvider(connection);
  context.subscriptions.push(supervisor, connection, sync, usage, provider, treeView, logs, chat);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs));

  const reveal = (sessionId: string) => void revealWhenKnown(treeView, provider, model, sessionId);
  const deps: CommandDeps = { context, connection, supervisor, model, chat, log, reveal };
  const reviewContent = new ReviewContentProvider(connection);
  const comments = new ReviewComments({ storage: context.workspaceState, connection, model, chat, log });
  const revealSession = (sessionId: string) => void revealWhenKnown(treeView, provider, model, sessionId, true);
  const reviewDeps = { base: deps, changes, comments, revealSession };
  context.subscriptions.push(
    reviewContent,
    comments,
    vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, reviewContent),
    vscode.window.registerFileDecorationProvider(new ChangeDecorations()),
    ...registerReviewCommands(reviewDeps),
    ...registerLandCommands(reviewDeps),
    new WorktreeWindow(model, revealSession),
  );
  context.subscriptions.push(
    ...registerDaemonCommands(deps, () => sync.reload()),
    ...registerLifecycleCommands(deps),
    ...registerPermissionCommands(deps),
    ...registerWorktreeCommands(deps, logs),
    ...registerSessionViewCommands(deps),
    ...registerLoginCommand(deps),
    ...registerSettingsCommands(deps),
    ...registerPortCommands(deps), ...registerApiDocsCommand(deps),
    ...registerProjectCommands(deps), ...registerArtifactCommands(deps, artifacts),
  );
  const containers = registerContainers(deps);
  context.subscriptions.push(new StatusBar(connection, supervisor, model, provider.onDidRefresh), ...registerMcpServer({ context, stateDir, version: SWITCHBOARD_VERSION, log }));
  context.subscriptions.push(new Notifier(connection, model, chat, log));

  followTreeInView(context, treeView, provider, model, connection);
  offerDaemonFixes(context, supervisor, connection, log);

  void supervisor.start();
  return { connection, model, supervisor, tree: provider, changes, comments, containers, events: registerEvents(deps) };
}

export function deactivate(): void {
  // Everything is in context.subscriptions. The daemon is deliberately left running: it is
  // shared with other windows and the CLI, and sessions must outlive this window.
}

/** The view's badge and the welcome views' context keys follow the (debounced) tree and the daemon's state. */
function followTreeInView(
  context: vscode.ExtensionContext,
  treeView: vscode.TreeView<unknown>,
  provider: SessionTreeProvider,
  model: SessionTreeModel,
  connection: LiveConnection,
): void {
  const updateView = () => {
    const waiting = model.waitingCount;
    treeView.badge = waiting > 0 ? { value: waiting, tooltip: `${waiting} session${waiting === 1 ? '' : 's'} waiting for you` } : undefined;
    const c = model.counts();
    // Every session the tree can show: all states but deleted.
    const total = SESSION_STATES.filter((state) => state !== 'deleted').reduce((n, state) => n + c[state], 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.daemonState, connection.state);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.loaded, model.loaded);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasProjects, model.projects().length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasSessions, total > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasWorkspaceFolder, (vscode.workspace.workspaceFolders?.length ?? 0) > 0);
  };
  context.subscriptions.push(provider.onDidRefresh(updateView), connection.onDidChangeState(updateView));
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(updateView));
  updateView();
}

/** The settings a daemon this window starts is told on its command line, read when it starts. */
function daemonSettings(log: vscode.LogOutputChannel) {
  return {
    nodePath: () => readSettings().nodePath,
    port: () => readSettings().port,
    sandbox: () => readSettings().sandbox,
    logLevel: () => readSettings().logLevel,
    fleet: () => {
      const { flags, warnings } = fleetFlags(readSettings(), os.homedir());
      for (const w of warnings) log.warn(w);
      return flags;
    },
  };
}

/** Daemon troubles and daemon setting changes, each offered with the action that fixes it (admission limits apply at once). */
function offerDaemonFixes(context: vscode.ExtensionContext, supervisor: DaemonSupervisor, connection: DaemonConnection, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    followFleetSettings(connection, log),
    supervisor.onDidGiveUp((why) => {
      void vscode.window.showErrorMessage(`The Switchboard daemon is down: ${why}`, 'Restart Daemon', 'Show Log').then((c) => {
        if (c === 'Restart Daemon') void vscode.commands.executeCommand('switchboard.restartDaemon');
        else if (c === 'Show Log') log.show(true);
      });
    }),
    supervisor.onVersionMismatch(({ daemon, extension }) => {
      void vscode.window
        .showWarningMessage(
          `The running Switchboard daemon is version ${daemon}; this extension is ${extension}. Restart the daemon to use the bundled one (running sessions are interrupted and can be resumed).`,
          'Restart Daemon',
        )
        .then((c) => c && vscode.commands.executeCommand('switchboard.restartDaemon'));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.stateDir`) || e.affectsConfiguration(`${SETTINGS_SECTION}.daemon`)) {
        void vscode.window
          .showInformationMessage('Switchboard: reload the window to use the changed daemon settings.', 'Reload Window')
          .then((c) => c && vscode.commands.executeCommand('workbench.action.reloadWindow'));
      }
    }),
  );
}

/** Selects a new session in the tree once its `session.created` event has reached the model (and expands it to its changes). */
async function revealWhenKnown(view: vscode.TreeView<unknown>, provider: SessionTreeProvider, model: SessionTreeModel, id: string, expand = false): Promise<void> {
  for (let i = 0; i < 30 && !model.session(id); i++) await new Promise((r) => setTimeout(r, 100));
  const node = provider.nodeOf(id);
  if (!node || !view.visible) return;
  // After the debounced refresh has shown it.
  await new Promise((r) => setTimeout(r, 150));
  try {
    await view.reveal(node, { select: true, focus: false, expand });
  } catch {
    // The view may have been hidden meanwhile; selection is a courtesy.
  }
}
