// Review in a real VS Code (code-server's extension host), against the real daemon, git and
// demo agent: a session's changed files appear under its node with our badges; a click opens
// `vscode.diff` whose left side (our read-only `switchboard-base:` scheme) is exactly
// `git show <base>:<path>` and whose right side is the worktree file; one turn's sides come from
// before the turn and its checkpoint; review comments go to the agent as one follow-up; Merge
// lands the change on the base branch; a conflicting merge names the files and changes nothing;
// Discard empties the session. Only the person's inputs are skipped (the commands take them as
// arguments); nothing of the daemon, git or VS Code is mocked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DiscardResult } from '../../../daemon/protocol/reviewRoutes.js';
import type { Session } from '../../../daemon/protocol/entities.js';
import { COMMANDS } from '../../../extension/commands/commandIds.js';
import type { SwitchboardExtensionApi } from '../../../extension/extension.js';
import { ChangeDecorations } from '../../../extension/review/fileDecorations.js';
import type { MergeOutcome } from '../../../extension/review/landCommands.js';
import type { SentReview } from '../../../extension/review/reviewComments.js';
import { BASE_SCHEME, CHANGE_SCHEME, decodeContentUri } from '../../../extension/review/reviewUris.js';
import type { TreeNode } from '../../../extension/views/treeNodes.js';
import { until } from '../../support/until.js';

const EXTENSION_ID = 'agent-switchboard.agent-switchboard';
// Prompts are trimmed, so what the demo agent writes ends without a newline.
const APP_V1 = 'export const a = 1;\nexport const b = 2;\nexport const c = 3;';
const README_V2 = '# demo\n\nChanged by the agent.';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });

describe('Review in the extension host', function () {
  let api: SwitchboardExtensionApi;
  let repo: string;
  let projectId: string;
  /** Writes src/app.ts (turn 0), then changes README.md (turn 1). */
  let s1: Session;
  /** Writes another src/app.ts and deletes README.md: conflicts with s1 once s1 is merged. */
  let s2: Session;

  const start = async (prompt: string): Promise<Session> => {
    const s = await vscode.commands.executeCommand<Session>(COMMANDS.startSession, { project: projectId, agent: 'demo', action: 'implement', prompt, permissionPolicy: 'allow-all' });
    assert.ok(s, 'Start Session returned the session');
    return s;
  };
  /** Waits until the session's turn `index` has ended and the session is completed. */
  const turnDone = async (id: string, index: number) => {
    const client = await api.connection.whenUp();
    await until(`turn ${index} of ${id} to end`, async () => {
      const d = await client.api.getSession({ params: { id } });
      return d.session.state === 'completed' && d.turns.some((t) => t.index === index && t.state === 'done');
    }, 60_000);
  };
  const followup = async (id: string, text: string) => (await (await api.connection.whenUp()).api.followup({ params: { id }, body: { text } })).turn.index;
  const sessionNode = (id: string) => {
    const n = api.tree.nodeOf(id);
    assert.ok(n, `the tree knows session ${id}`);
    return n;
  };
  /** The session's children once the listing shows exactly `paths` (sorted). */
  const changeNodes = (id: string, paths: string[]) =>
    until(`changed files ${paths.join(', ')} under ${id}`, () => {
      const kids = api.tree.getChildren(sessionNode(id)) as TreeNode[];
      const files = kids.filter((k): k is Extract<TreeNode, { kind: 'change' }> => k.kind === 'change');
      return files.map((f) => f.path).sort().join('|') === [...paths].sort().join('|') ? files : undefined;
    });
  const activeDiff = (label: string) =>
    until(`the diff editor "${label}"`, () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputTextDiff && tab.label === label ? tab.input : undefined;
    });
  const textOf = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();

  before(async function () {
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension<SwitchboardExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.connection.whenUp(60_000);
    const folder = vscode.workspace.workspaceFolders![0]!;
    repo = folder.uri.fsPath;
    if (!api.model.projects().some((p) => p.repoPath === repo)) await vscode.commands.executeCommand(COMMANDS.addProject, folder.uri);
    projectId = (await until('the project', () => api.model.projects().find((p) => p.repoPath === repo))).id;
    // Both start from the same base, so s2 conflicts with s1 once s1 is on main.
    s1 = await start(`write src/app.ts ${APP_V1}`);
    s2 = await start('write src/app.ts export const other = true;\n');
    await turnDone(s1.id, 0);
    assert.equal(await followup(s1.id, `write README.md ${README_V2}`), 1);
    await turnDone(s1.id, 1);
    await turnDone(s2.id, 0);
    await followup(s2.id, 'run rm README.md');
    await turnDone(s2.id, 1);
    s1 = api.model.session(s1.id)!;
    s2 = api.model.session(s2.id)!;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists a session\'s changed files under its node, with A/M/D badges on a scheme of its own', async () => {
    const item = api.tree.getTreeItem(sessionNode(s1.id));
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'a session with a worktree expands into its changes');
    const files = await changeNodes(s1.id, ['README.md', 'src/app.ts']);
    const decorations = new ChangeDecorations();
    const shown = files.map((f) => {
      const it = api.tree.getTreeItem(f);
      assert.equal(it.resourceUri?.scheme, CHANGE_SCHEME);
      const d = decorations.provideFileDecoration(it.resourceUri!)!;
      return [it.label, it.description, d.badge, (d.color as unknown as { id: string }).id];
    });
    assert.deepEqual(shown, [
      ['README.md', '', 'M', 'gitDecoration.modifiedResourceForeground'],
      ['app.ts', 'src', 'A', 'gitDecoration.addedResourceForeground'],
    ]);
    const summary = api.tree.getTreeItem((api.tree.getChildren(sessionNode(s1.id)) as TreeNode[])[0]!);
    assert.equal(summary.label, 'Changes');
    assert.match(String(summary.description), /^2 files {2}\+\d+ −\d+$/);
    assert.equal(decorations.provideFileDecoration(vscode.Uri.file(path.join(repo, 'README.md'))), undefined, 'files of other schemes are left alone');

    const d2 = await changeNodes(s2.id, ['README.md', 'src/app.ts']);
    const readme = decorations.provideFileDecoration(api.tree.getTreeItem(d2.find((f) => f.path === 'README.md')!).resourceUri!)!;
    assert.equal(readme.badge, 'D');
  });

  it('opens a changed file\'s diff: the base side is `git show base:path`, read-only; the other side is the worktree file', async () => {
    const files = await changeNodes(s1.id, ['README.md', 'src/app.ts']);
    await vscode.commands.executeCommand(COMMANDS.openChange, files.find((f) => f.path === 'README.md'));
    const diff = await activeDiff(`README.md (${s1.title})`);
    assert.equal(diff.original.scheme, BASE_SCHEME);
    assert.deepEqual(decodeContentUri(diff.original), { sessionId: s1.id, path: 'README.md', side: 'base', turn: null });
    assert.equal(diff.modified.scheme, 'file');
    assert.equal(diff.modified.fsPath, path.join(s1.worktreePath!, 'README.md'));
    const base = await textOf(diff.original);
    assert.equal(base, git(repo, 'show', `${s1.baseCommit}:README.md`));
    assert.equal(await textOf(diff.modified), README_V2);

    // Read-only: no file system serves the scheme, so nothing can be written or saved to it; even
    // an edit made through the API stays in memory, never a change to save.
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem(BASE_SCHEME), true);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(diff.original, new TextEncoder().encode('x'))));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(diff.original, new vscode.Position(0, 0), 'edited ');
    await vscode.workspace.applyEdit(edit);
    const doc = await vscode.workspace.openTextDocument(diff.original);
    assert.equal(doc.isDirty, false);
    assert.equal(await doc.save(), false, 'the base side cannot be saved');

    // An added file has an empty base side.
    await vscode.commands.executeCommand(COMMANDS.openChange, { sessionId: s1.id, path: 'src/app.ts' });
    const added = await activeDiff(`src/app.ts (${s1.title})`);
    assert.equal(await textOf(added.original), '');
    assert.equal(await textOf(added.modified), APP_V1);
  });

  it('shows a deleted file against an empty side of the same scheme', async () => {
    await vscode.commands.executeCommand(COMMANDS.openChange, { sessionId: s2.id, path: 'README.md' });
    const diff = await activeDiff(`README.md (${s2.title})`);
    assert.equal(diff.modified.scheme, BASE_SCHEME);
    assert.equal(decodeContentUri(diff.modified)?.side, 'empty');
    assert.equal(await textOf(diff.modified), '');
    assert.equal(await textOf(diff.original), git(repo, 'show', `${s2.baseCommit}:README.md`));
  });

  it('shows one turn\'s changes: before the turn → its checkpoint, both read-only', async () => {
    await vscode.commands.executeCommand(COMMANDS.selectTurn, s1.id, { turn: 1 });
    await changeNodes(s1.id, ['README.md']);
    const summary = api.tree.getTreeItem((api.tree.getChildren(sessionNode(s1.id)) as TreeNode[])[0]!);
    assert.equal(summary.label, 'Turn 2', 'the second turn (index 1), counted from 1 as the chat does');
    await vscode.commands.executeCommand(COMMANDS.openChange, { sessionId: s1.id, path: 'README.md' });
    const diff = await activeDiff(`README.md (${s1.title}, turn 2)`);
    assert.deepEqual(decodeContentUri(diff.original), { sessionId: s1.id, path: 'README.md', side: 'base', turn: 1 });
    assert.deepEqual(decodeContentUri(diff.modified), { sessionId: s1.id, path: 'README.md', side: 'checkpoint', turn: 1 });
    const checkpoint = `refs/switchboard/checkpoints/${s1.id}/1`;
    assert.equal(await textOf(diff.modified), git(repo, 'show', `${checkpoint}:README.md`));
    assert.equal(await textOf(diff.modified), README_V2);
    assert.equal(await textOf(diff.original), git(repo, 'show', `${checkpoint}~1:README.md`), 'before turn 1 = turn 0\'s checkpoint');

    await vscode.commands.executeCommand(COMMANDS.selectTurn, s1.id, { turn: 0 });
    await changeNodes(s1.id, ['src/app.ts']);
    await vscode.commands.executeCommand(COMMANDS.selectTurn, s1.id, { turn: null });
    await changeNodes(s1.id, ['README.md', 'src/app.ts']);
  });

  it('sends the pending review comments to the agent as one follow-up with paths, lines and code', async () => {
    const app = vscode.Uri.file(path.join(s1.worktreePath!, 'src', 'app.ts'));
    const thread = await api.comments.add(app, new vscode.Range(1, 0, 2, 10), 'Rename b and c to something meaningful.');
    await api.comments.add(vscode.Uri.file(path.join(s1.worktreePath!, 'README.md')), new vscode.Range(2, 0, 2, 0), 'Say what changed.');
    assert.equal(thread.label, 'Pending: not sent to the agent yet');
    const sent = await vscode.commands.executeCommand<SentReview>(COMMANDS.sendReview, s1.id);
    assert.ok(sent, 'the review was sent');
    assert.equal(sent.comments, 2);
    assert.equal(sent.turn, 2);
    assert.match(sent.text, /^Review comments on your changes \(2 comments in 2 files\)\./);
    assert.match(sent.text, /1\. README\.md, line 3:\n```\n3 \| Changed by the agent\.\n```\nSay what changed\./);
    assert.match(sent.text, /2\. src\/app\.ts, lines 2–3:\n```\n2 \| export const b = 2;\n3 \| export const c = 3;\n```\nRename b and c/);
    const client = await api.connection.whenUp();
    const turns = (await client.api.getSession({ params: { id: s1.id } })).turns;
    assert.equal(turns.find((t) => t.index === 2)?.prompt, sent.text, 'exactly one follow-up carries the whole review');
    assert.equal(thread.label, 'Sent to the agent (turn 3)');
    assert.equal(thread.state, vscode.CommentThreadState.Resolved);
    assert.equal(thread.canReply, false);
    assert.equal(api.comments.store.pending(s1.id).length, 0);
    // The demo agent answers a review like any prompt: it writes hello.txt, which the tree then lists.
    await turnDone(s1.id, 2);
    await changeNodes(s1.id, ['README.md', 'hello.txt', 'src/app.ts']);
  });

  it('merges through the command: the change lands on the base branch and in its checkout', async function () {
    this.timeout(60_000);
    const outcome = await vscode.commands.executeCommand<MergeOutcome>(COMMANDS.merge, s1.id, { strategy: 'squash', message: 'Land the app' });
    assert.ok(outcome?.merged, `merged: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.result.into, 'main');
    assert.equal(git(repo, 'show', 'main:src/app.ts'), APP_V1);
    assert.equal(git(repo, 'show', 'main:README.md'), README_V2);
    assert.equal(git(repo, 'log', '-1', '--format=%s', 'main').trim(), 'Land the app');
    assert.equal(git(repo, 'rev-list', '--count', 'main').trim(), '2', 'one squash commit on top of the base');
    assert.equal(readFileSync(path.join(repo, 'src', 'app.ts'), 'utf8'), APP_V1, 'the checkout of main was updated');
    await until('the tree to say merged', () => {
      const summary = api.tree.getTreeItem((api.tree.getChildren(sessionNode(s1.id)) as TreeNode[])[0]!);
      return /merged into main/.test(String(summary.description));
    });
  });

  it('reports a conflicting merge with its files and changes nothing; discard then empties the session', async function () {
    this.timeout(60_000);
    const tip = git(repo, 'rev-parse', 'main').trim();
    const outcome = await vscode.commands.executeCommand<MergeOutcome>(COMMANDS.merge, s2.id, { strategy: 'squash', message: 'Should not land' });
    assert.ok(outcome && !outcome.merged, 'not merged');
    assert.equal(outcome.refusal?.reason, 'merge_conflict');
    assert.deepEqual([...outcome.refusal!.files].sort(), ['README.md', 'src/app.ts']);
    assert.match(outcome.refusal!.message, /cannot be merged into main: 2 files conflict .* Nothing was changed\./);
    assert.equal(git(repo, 'rev-parse', 'main').trim(), tip, 'main did not move');
    assert.equal(git(repo, 'status', '--porcelain').trim(), '', 'the checkout of main is untouched');
    assert.ok(existsSync(path.join(s2.worktreePath!, 'src', 'app.ts')), 'the session\'s worktree is untouched');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    const discarded = await vscode.commands.executeCommand<DiscardResult>(COMMANDS.discard, s2.id, { confirm: true });
    assert.ok(discarded);
    assert.equal(discarded.files, 2);
    assert.match(String(discarded.backupRef), /^refs\/switchboard\/discarded\//);
    const client = await api.connection.whenUp();
    assert.equal((await client.api.listChanges({ params: { id: s2.id } })).files.length, 0);
    await changeNodes(s2.id, []);
    await until('the summary to say so', () => /no changes/.test(String(api.tree.getTreeItem((api.tree.getChildren(sessionNode(s2.id)) as TreeNode[])[0]!).description)));
  });
});
