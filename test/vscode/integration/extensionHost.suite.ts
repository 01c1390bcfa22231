// The extension in a real VS Code (code-server's extension host): its commands exist, a demo
// session started through the command shows up in the Sessions view and follows the daemon's
// events, approving its permission request lets it complete, and a killed daemon is restarted
// with the sessions shown truthfully afterwards. The daemon is the real one, spawned by the
// extension itself into the state dir named by $SWITCHBOARD_HOME.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../extension/commands/commandIds.js';
import type { SwitchboardExtensionApi } from '../../../extension/extension.js';
import type { TreeNode } from '../../../extension/views/treeNodes.js';
import type { Session } from '../../../daemon/protocol/entities.js';
import { until } from '../../support/until.js';

const EXTENSION_ID = 'agent-switchboard.agent-switchboard';

function sessionItem(api: SwitchboardExtensionApi, sessionId: string): vscode.TreeItem | undefined {
  // Walk the view's data as VS Code does: root → project → session.
  for (const project of api.tree.getChildren()) {
    for (const child of api.tree.getChildren(project)) {
      const item = api.tree.getTreeItem(child);
      if ((child as TreeNode).kind === 'session' && item.id === `session:${sessionId}`) return item;
    }
  }
  return undefined;
}

describe('Switchboard in the extension host', function () {
  let api: SwitchboardExtensionApi;
  let session: Session;

  before(async function () {
    this.timeout(120_000);
    const ext = vscode.extensions.getExtension<SwitchboardExtensionApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await api.connection.whenUp(60_000);
  });

  it('registers every command of the manifest', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(COMMANDS).filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  });

  it('adds the open folder as a project', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace has a folder');
    await vscode.commands.executeCommand(COMMANDS.addProject, folder.uri);
    await until('the project in the model', () => api.model.projects().find((p) => p.repoPath === folder.uri.fsPath));
  });

  it('starts a demo session through the command; the tree shows it and follows its events', async () => {
    const project = api.model.projects()[0]!;
    const started = await vscode.commands.executeCommand<Session | undefined>(COMMANDS.startSession, {
      project: project.id,
      agent: 'demo',
      action: 'implement',
      prompt: 'demo',
      permissionPolicy: 'ask',
    });
    assert.ok(started, 'Start Session returned the session');
    session = started;
    // The demo agent plans, then asks before writing hello.txt: the tree must say so.
    const waiting = await until('the session waiting for a permission', () => {
      const item = sessionItem(api, session.id);
      return item && String(item.contextValue).startsWith('session.waiting') ? item : undefined;
    });
    assert.match(String(waiting.description), /^demo · implement · needs approval · /);
    assert.match(String(waiting.contextValue), /:answer(:|$)/);
    assert.equal((waiting.iconPath as vscode.ThemeIcon).id, 'bell-dot');
    assert.equal(api.model.waitingCount, 1);
  });

  it('approving the permission lets the session complete', async () => {
    // The command with a session id answers "allow once" without any picker.
    for (let i = 0; i < 5; i++) {
      const s = api.model.session(session.id);
      if (s?.state === 'completed') break;
      if (s?.state === 'waiting_for_user') await vscode.commands.executeCommand(COMMANDS.approve, session.id);
      await until('a state change', () => api.model.session(session.id)?.state !== 'waiting_for_user' || undefined, 20_000).catch(() => undefined);
    }
    await until('completed', () => api.model.session(session.id)?.state === 'completed', 30_000);
    const item = await until('the completed tree item', () => {
      const it = sessionItem(api, session.id);
      return it && String(it.contextValue).startsWith('session.completed') ? it : undefined;
    });
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.equal(api.model.waitingCount, 0);
  });

  it('restarts a killed daemon and shows the sessions truthfully again', async function () {
    this.timeout(90_000);
    const before = api.connection.discovery!;
    // A second session that is mid-turn (waiting) when the daemon dies.
    const project = api.model.projects()[0]!;
    const second = await vscode.commands.executeCommand<Session>(COMMANDS.startSession, { project: project.id, agent: 'demo', action: 'implement', prompt: 'demo' });
    await until('the second session waiting', () => api.model.session(second.id)?.state === 'waiting_for_user');
    process.kill(before.pid, 'SIGKILL');
    await until('the connection to notice', () => api.connection.state !== 'up' || api.connection.discovery?.pid !== before.pid, 30_000);
    await until('a new daemon', () => api.connection.state === 'up' && api.connection.discovery && api.connection.discovery.pid !== before.pid, 60_000);
    // Recovery marks what was mid-turn as failed/interrupted; what had completed stays completed.
    await until('the first session still completed', () => api.model.session(session.id)?.state === 'completed');
    const recovered = await until('the interrupted session', () => {
      const s = api.model.session(second.id);
      return s && s.state !== 'waiting_for_user' && s.state !== 'running' ? s : undefined;
    });
    assert.equal(recovered.state, 'failed');
    assert.equal(recovered.stateReason, 'interrupted');
    const item = await until('the tree to say so', () => {
      const it = sessionItem(api, second.id);
      return it && /· interrupted ·/.test(String(it.description)) ? it : undefined;
    });
    assert.match(String(item.contextValue), /:resume(:|$)/);
  });

  it('logs an agent in through its terminal login, then resumes the session', async function () {
    this.timeout(90_000);
    const client = await api.connection.whenUp();
    // The demo agent plays an agent without credentials when DEMO_AGENT_REQUIRE_AUTH=1.
    const demo = (await client.api.listAgents()).agents.find((a) => a.name === 'demo')!;
    await client.api.addAgent({ body: { name: 'demo-login', command: demo.spawn.command, args: demo.spawn.args, env: { DEMO_AGENT_REQUIRE_AUTH: '1' } } });
    const project = api.model.projects()[0]!;
    const s = await vscode.commands.executeCommand<Session>(COMMANDS.startSession, { project: project.id, agent: 'demo-login', action: 'implement', prompt: 'demo' });
    const waiting = await until('auth_required', () => {
      const cur = api.model.session(s.id);
      return cur?.state === 'waiting_for_user' && cur.stateReason === 'auth_required' ? cur : undefined;
    });
    assert.match(String(sessionItem(api, s.id)?.description), /needs login/);
    const method = waiting.authMethods.find((m) => m.terminalCommand);
    assert.ok(method, 'the agent offers a terminal login');

    const closed = new Promise<vscode.Terminal>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t.name !== 'demo-login login') return;
        sub.dispose();
        resolve(t);
      });
    });
    // The demo login waits for a person to press Enter, as real logins wait for their input.
    const opened = vscode.window.onDidOpenTerminal((t) => {
      if (t.name === 'demo-login login') t.sendText('');
    });
    // After exit status 0 the command asks the daemon to log the agent in, which resumes the session.
    // The demo agent declares two logins; naming one skips the quick pick a person would answer.
    const login = vscode.commands.executeCommand(COMMANDS.login, s.id, method.id);
    const terminal = await closed;
    opened.dispose();
    assert.equal(terminal.exitStatus?.code, 0);
    const marker = path.join(api.connection.stateDir, 'agent-homes', 'demo-login', '.demo-agent', 'logged-in');
    assert.ok(existsSync(marker), 'the login ran with the agent\'s own HOME');
    await login;
    await until('the resumed session to reach the permission request', () => {
      const cur = api.model.session(s.id);
      return cur?.state === 'waiting_for_user' && cur.stateReason === 'permission';
    }, 60_000);
  });

  it('shows a session\'s log as a read-only document', async () => {
    await vscode.commands.executeCommand(COMMANDS.showLogs, session.id);
    const editor = await until('the log editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'switchboard-log' ? e : undefined;
    });
    assert.match(editor.document.getText(), /^# .*last 2000 lines/);
  });

  it('archives a completed session into the project\'s Archived group, then deletes it after the preview', async () => {
    await vscode.commands.executeCommand(COMMANDS.archive, session.id);
    await until('archived', () => api.model.session(session.id)?.state === 'archived');
    const project = api.tree.getChildren()[0]!;
    const group = await until('the Archived group', () => api.tree.getChildren(project).find((n) => (n as TreeNode).kind === 'archived'));
    assert.match(String(api.tree.getTreeItem(group).label), /^Archived \(1\)$/);
    assert.ok(api.tree.getChildren(group).some((n) => (n as TreeNode).kind === 'session' && (n as { sessionId: string }).sessionId === session.id));
    const worktree = api.model.session(session.id)!.worktreePath!;
    assert.ok(existsSync(worktree));
    // People confirm in a modal that shows the cleanup preview; tests pass the confirmation.
    await vscode.commands.executeCommand(COMMANDS.delete, session.id, { confirm: true, deleteBranch: true });
    await until('gone from the model', () => !api.model.session(session.id));
    assert.ok(!existsSync(worktree), 'the worktree was removed');
  });
});
