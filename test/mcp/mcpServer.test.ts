// `switchboard mcp` driven by a real MCP client (the SDK's Client over stdio, spawning the built
// CLI as the VS Code extension does) against a real daemon, real git and the demo agent: a session
// from start to merge through tools only; the destructive tools refused until allowed; bad input,
// unknown sessions and a missing daemon answered as tool errors while the server keeps serving; a
// bounded wait; transcripts as resources.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DaemonProcess, git, makeRepo, tempDir } from '../support/daemonHarness.js';
import { McpTestClient } from './mcpTestClient.js';

interface SessionView {
  id: string;
  state: string;
  stateReason: string | null;
  project: string;
}
interface PermissionView {
  requestId: string;
  title: string;
  options: { optionId: string; kind: string }[];
}
interface WaitAnswer {
  timedOut: boolean;
  session: SessionView;
  pendingPermissions: PermissionView[];
  lastAgentMessage: string | null;
}

const PROJECT = 'shop';

describe('switchboard mcp: an MCP client drives Switchboard through the real daemon', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  let repo: string;
  /** Destructive tools off (the default). */
  let guarded: McpTestClient;
  /** Started as `switchboard mcp --allow-destructive`. */
  let trusted: McpTestClient;

  before(async function () {
    daemon = await DaemonProcess.start();
    repo = makeRepo({ 'README.md': '# shop\n' });
    await daemon.client.api.addProject({ body: { path: repo, slug: PROJECT } });
    guarded = await McpTestClient.start(daemon.home);
    trusted = await McpTestClient.start(daemon.home, { allowDestructive: true });
  });

  after(async function () {
    await guarded?.close();
    await trusted?.close();
    await daemon?.stop();
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('offers its tools with annotations: reads are read-only, merge and discard are destructive', async function () {
    const { tools } = await guarded.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ['list_projects', 'list_sessions', 'get_session', 'start_session', 'send_followup', 'wait_for_session', 'answer_permission', 'get_changes', 'get_diff', 'merge_session', 'discard_session']) {
      assert.ok(byName.has(name), `tool ${name} is offered`);
    }
    for (const name of ['list_projects', 'list_sessions', 'get_session', 'wait_for_session', 'get_changes', 'get_diff']) {
      assert.equal(byName.get(name)?.annotations?.readOnlyHint, true, `${name} is read-only`);
    }
    for (const name of ['merge_session', 'discard_session']) {
      assert.equal(byName.get(name)?.annotations?.destructiveHint, true, `${name} is destructive`);
    }
    assert.equal(byName.get('answer_permission')?.annotations?.destructiveHint, false);
    // The input schemas are the zod ones: unknown keys are refused.
    assert.equal(byName.get('start_session')?.inputSchema.additionalProperties, false);
  });

  it('runs a demo-agent session end to end: start, permission answered, completed, diff, merge dry run, merge', async function () {
    const projects = await guarded.ok<{ projects: { slug: string }[] }>('list_projects');
    assert.deepEqual(projects.projects.map((p) => p.slug), [PROJECT]);

    // The demo agent's default task asks before it creates hello.txt.
    const started = await guarded.ok<{ session: SessionView }>('start_session', { agent: 'demo', action: 'implement', project: PROJECT, prompt: 'Say hello in a file' });
    const id = started.session.id;
    assert.equal(started.session.project, PROJECT);

    const asking = await guarded.ok<WaitAnswer>('wait_for_session', { id, timeoutSeconds: 60 }, 90_000);
    assert.equal(asking.timedOut, false);
    assert.deepEqual([asking.session.state, asking.session.stateReason], ['waiting_for_user', 'permission']);
    const [request] = asking.pendingPermissions;
    assert.ok(request, 'the permission request is in the wait answer');
    assert.equal(request.title, 'Create hello.txt');

    const shown = await guarded.ok<{ pendingPermissions: PermissionView[] }>('get_session', { id });
    assert.deepEqual(shown.pendingPermissions.map((p) => p.requestId), [request.requestId]);

    const allow = request.options.find((o) => o.kind === 'allow_once');
    assert.ok(allow);
    const answered = await guarded.ok<{ permission: { state: string; chosenOptionId: string } }>('answer_permission', { id, requestId: request.requestId, optionId: allow.optionId });
    assert.deepEqual([answered.permission.state, answered.permission.chosenOptionId], ['answered', allow.optionId]);

    const done = await guarded.ok<WaitAnswer>('wait_for_session', { id, timeoutSeconds: 60 }, 90_000);
    assert.equal(done.timedOut, false);
    assert.equal(done.session.state, 'completed');
    assert.deepEqual(done.pendingPermissions, []);
    assert.match(done.lastAgentMessage ?? '', /hello\.txt/);

    const detail = await guarded.ok<{ changes: { files: { path: string; status: string }[] } }>('get_session', { id });
    assert.deepEqual(detail.changes.files.map((f) => `${f.status} ${f.path}`), ['added hello.txt']);
    const changes = await guarded.ok<{ files: { path: string }[]; totals: { files: number } }>('get_changes', { id });
    assert.equal(changes.totals.files, 1);
    const diff = await guarded.call('get_diff', { id });
    assert.equal(diff.isError, false);
    assert.match(diff.text, /^\+\+\+ b\/hello\.txt$/m);
    assert.match(diff.text, /^\+Hello from the demo agent/m);

    // Destructive tools are refused while the setting is off, saying how to turn them on; nothing moves.
    const mainBefore = git(repo, 'rev-parse', 'main');
    for (const [tool, args] of [['merge_session', { id, dryRun: false }], ['discard_session', { id }]] as const) {
      const refused = await guarded.call(tool, args);
      assert.equal(refused.isError, true, `${tool} refused`);
      assert.match(refused.text, /switchboard\.mcp\.allowDestructive/);
      assert.match(refused.text, /--allow-destructive/);
    }
    assert.equal(git(repo, 'rev-parse', 'main'), mainBefore);
    const worktree = (await daemon.client.api.getSession({ params: { id } })).session.worktreePath;
    assert.ok(worktree && fs.existsSync(path.join(worktree, 'hello.txt')), 'the work is still there');

    // The merge tool is a dry run unless told otherwise, and that works with the setting off.
    const preview = await guarded.ok<{ dryRun: boolean; canMerge: boolean; into: string; files: string[] }>('merge_session', { id });
    assert.deepEqual([preview.dryRun, preview.canMerge, preview.into, preview.files], [true, true, 'main', ['hello.txt']]);
    assert.equal(git(repo, 'rev-parse', 'main'), mainBefore, 'a dry run moves nothing');

    const merged = await trusted.ok<{ dryRun: boolean; commit: string; into: string; files: string[] }>('merge_session', { id, dryRun: false });
    assert.deepEqual([merged.dryRun, merged.into, merged.files], [false, 'main', ['hello.txt']]);
    assert.equal(git(repo, 'rev-parse', 'main'), merged.commit);
    assert.match(git(repo, 'show', 'main:hello.txt'), /^Hello from the demo agent/);

    // A follow-up's wait ends with the follow-up's own turn, not with the completed state before it.
    const followed = await guarded.ok<{ turn: { index: number } }>('send_followup', { id, text: 'write notes.txt second thoughts' });
    assert.equal(followed.turn.index, 1);
    const second = await guarded.ok<WaitAnswer & { turns: { index: number; state: string }[] }>('wait_for_session', { id, timeoutSeconds: 60 }, 90_000);
    assert.equal(second.session.state, 'completed');
    assert.deepEqual(second.turns.map((t) => `${t.index} ${t.state}`), ['0 done', '1 done']);
    assert.match(second.lastAgentMessage ?? '', /^Wrote notes\.txt/);
  });

  it('answers bad input, unknown sessions and refusals with tool errors in plain words, and keeps serving', async function () {
    const cases: { tool: string; args: Record<string, unknown>; says: RegExp }[] = [
      { tool: 'get_session', args: { id: 'no-such-session' }, says: /no session|not found/i },
      { tool: 'get_session', args: { id: 42 }, says: /expected string.*\bid\b/i },
      { tool: 'get_session', args: {}, says: /\bid\b/ },
      { tool: 'start_session', args: { agent: 'demo', action: 'implement', project: PROJECT, prompt: 'x', spawn: { command: 'sh' } }, says: /spawn/ },
      { tool: 'start_session', args: { agent: 'demo', action: 'dance', project: PROJECT, prompt: 'x' }, says: /action/ },
      { tool: 'start_session', args: { agent: 'demo', action: 'implement', project: 'no-such-project', prompt: 'x' }, says: /no-such-project|project/i },
      { tool: 'wait_for_session', args: { id: 'no-such-session', timeoutSeconds: 5 }, says: /no session|not found/i },
      { tool: 'wait_for_session', args: { id: 'x', timeoutSeconds: 100_000 }, says: /timeoutSeconds/ },
      { tool: 'answer_permission', args: { id: 'no-such-session', requestId: 'r', optionId: 'allow_once' }, says: /no session|not found/i },
      { tool: 'get_diff', args: { id: 'no-such-session' }, says: /no session|not found/i },
      { tool: 'list_sessions', args: { states: ['sleeping'] }, says: /states/ },
    ];
    for (const c of cases) {
      const r = await guarded.call(c.tool, c.args);
      assert.equal(r.isError, true, `${c.tool} ${JSON.stringify(c.args)} is a tool error`);
      assert.match(r.text, c.says, `${c.tool} ${JSON.stringify(c.args)}: ${r.text}`);
      assert.doesNotMatch(r.text, /\bat \S+\.(c?js|ts):\d+/, 'no stack trace');
    }
    // Still serving, same process.
    const pid = guarded.pid;
    const again = await guarded.ok<{ projects: unknown[] }>('list_projects');
    assert.equal(again.projects.length, 1);
    assert.equal(guarded.pid, pid);
  });

  it('bounds a wait: a turn that never ends answers timedOut with the session still running', async function () {
    const { session } = await guarded.ok<{ session: SessionView }>('start_session', { agent: 'demo', action: 'implement', project: PROJECT, prompt: 'hang' });
    const t0 = Date.now();
    const waited = await guarded.ok<WaitAnswer>('wait_for_session', { id: session.id, timeoutSeconds: 2 });
    const took = Date.now() - t0;
    assert.equal(waited.timedOut, true);
    assert.ok(['created', 'running'].includes(waited.session.state), waited.session.state);
    assert.ok(took >= 1900 && took < 15_000, `the wait took ${took} ms`);
    await daemon.client.api.stopSession({ params: { id: session.id } });
  });

  it('serves session transcripts as resources, listed and read by URI', async function () {
    const { sessions } = await daemon.client.api.listSessions({ query: { state: 'completed' } });
    const s = sessions[0];
    assert.ok(s, 'a completed session from the flow above');
    const uri = `switchboard://sessions/${s.id}/transcript`;
    const { resources } = await guarded.client.listResources();
    assert.ok(resources.some((r) => r.uri === uri), `${uri} is listed`);
    const { resourceTemplates } = await guarded.client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['switchboard://sessions/{id}/transcript']);

    const read = await guarded.client.readResource({ uri });
    const first = read.contents[0];
    assert.ok(first && 'text' in first);
    const text = first.text;
    assert.match(text, /^# Say hello in a file/);
    assert.match(text, new RegExp(`id:\\s+${s.id}`));
    assert.match(text, /permission\.requested\s+\S+: Create hello\.txt/);
    assert.match(text, /permission\.answered\s+\S+: allow_once \(allow_once\) by user/);
    assert.match(text, /agent: I will update hello\.txt/);

    await assert.rejects(guarded.client.readResource({ uri: 'switchboard://sessions/no-such-session/transcript' }), /no session|not found/i);
  });

  it('without a daemon, tools answer that Switchboard is not running, and the server stays up', async function () {
    const empty = tempDir('mcp-nodaemon');
    const lonely = await McpTestClient.start(empty);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await lonely.call('list_projects');
        assert.equal(r.isError, true);
        assert.match(r.text, /not running.*switchboard daemon start/);
      }
    } finally {
      await lonely.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
