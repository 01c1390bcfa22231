// The CLI's commands against a scripted daemon over real HTTP and WebSocket: what they send,
// what they print (human and --json), and how errors read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { runCli } from '../../cli/run.js';
import { DISCOVERY_FILE } from '../../daemon/protocol/discovery.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { HealthSchema, type SessionDetail } from '../../daemon/protocol/routes.js';
import type { Session, Turn } from '../../daemon/protocol/entities.js';
import { until } from '../support/until.js';
import { FakeDaemon } from './fakeDaemon.js';
import { captureIo, makeEvent, makePermission, makeProject, makeSession, makeTurn } from './fixtures.js';

async function run(home: string, args: string[], io = captureIo()) {
  const code = await runCli(['--home', home, ...args], io, { cliDir: join(home, 'no-bundle-here'), timeoutMs: 5_000 });
  return { code, out: io.out(), err: io.err() };
}

describe('CLI commands against a scripted daemon', () => {
  let d: FakeDaemon;

  beforeEach(async () => {
    d = await FakeDaemon.start();
  });
  afterEach(async () => {
    await d.close();
  });

  it('health --json prints the raw health answer as parseable JSON', async () => {
    d.on('health', () => ({ status: 'ok', version: '1.2.3', pid: 42, uptimeMs: 1500, sessions: { running: 2 }, lastSeq: 0 }));
    const r = await run(d.home, ['health', '--json']);
    assert.equal(r.code, 0, r.err);
    const json: unknown = JSON.parse(r.out);
    assert.deepEqual(HealthSchema.parse(json), { status: 'ok', version: '1.2.3', pid: 42, uptimeMs: 1500, sessions: { running: 2 }, lastSeq: 0 });
  });

  it('health without --json prints key: value lines', async () => {
    d.on('health', () => ({ status: 'ok', version: '1.2.3', pid: 42, uptimeMs: 1500, sessions: { running: 2, completed: 0 }, lastSeq: 0 }));
    const r = await run(d.home, ['health']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^status:\s+ok$/m);
    assert.match(r.out, /^sessions:\s+running 2$/m);
  });

  it('projects add sends an absolute path and reports the project', async () => {
    d.on('addProject', (req) => {
      const body = req.body as { path: string; slug?: string };
      return { project: makeProject({ slug: body.slug ?? 'x', repoPath: body.path }) };
    });
    const io = captureIo({ cwd: d.home });
    const r = await run(d.home, ['projects', 'add', 'repo', '--slug', 'mine'], io);
    assert.equal(r.code, 0, r.err);
    const body = d.requests[0]?.body as { path: string; slug: string };
    assert.ok(isAbsolute(body.path));
    assert.equal(body.path, join(d.home, 'repo'));
    assert.equal(body.slug, 'mine');
    assert.match(r.out, /added project mine/);
  });

  it('an error answer is printed in plain words with its field, exit 1', async () => {
    d.on('addProject', () => {
      throw new SwitchboardError('not_a_repository', 'this folder is not a git repository', 'path');
    });
    const r = await run(d.home, ['projects', 'add', '/nowhere']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, 'switchboard: this folder is not a git repository (field: path)\n');
  });

  it('an illegal transition names the current state', async () => {
    d.on('resumeSession', () => {
      throw new SwitchboardError('illegal_transition', 'cannot resume this session', undefined, { state: 'completed' });
    });
    const r = await run(d.home, ['resume', 'ses_1']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^switchboard: cannot resume this session \(the session is completed\)$/m);
  });

  it('sessions show --json carries the session fields at the top level', async () => {
    d.on('getSession', () => ({ session: makeSession(), turns: [makeTurn()], pendingPermissions: [] }));
    const r = await run(d.home, ['sessions', 'show', 'ses_1', '--json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    for (const key of ['id', 'state', 'agent', 'action', 'projectId', 'worktreePath', 'branch', 'baseCommit', 'createdAt']) {
      assert.ok(key in json, `missing ${key}`);
    }
    assert.equal(json['id'], 'ses_1');
    assert.ok(Array.isArray(json['turns']));
  });

  it('sessions list shows project slugs in an aligned table and passes the filters', async () => {
    d.on('listSessions', () => ({ sessions: [makeSession(), makeSession({ id: 'ses_22', state: 'completed' })] }));
    d.on('listProjects', () => ({ projects: [makeProject()] }));
    const r = await run(d.home, ['sessions', 'list', '--state', 'running,completed', '--all']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+STATE\s+AGENT\s+ACTION\s+PROJECT\s+CREATED\s+TITLE$/);
    assert.match(lines[2] ?? '', /^ses_22\s+completed\s+demo\s+implement\s+demo-repo\s/);
    assert.equal(lines[1]?.indexOf('running'), lines[0]?.indexOf('STATE'));
    assert.deepEqual(d.requests[0]?.query, { state: 'running,completed', all: 'true' });
  });

  it('approve picks the allow_once option, reject the reject_once option', async () => {
    d.on('listPermissions', () => ({ permissions: [makePermission()] }));
    d.on('answerPermission', (req) => ({ permission: makePermission({ state: 'answered', chosenOptionId: (req.body as { optionId: string }).optionId }) }));
    const a = await run(d.home, ['approve', 'ses_1', 'perm_1']);
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /approved perm_1 with once \(allow_once\)/);
    const r = await run(d.home, ['reject', 'ses_1', 'perm_1']);
    assert.equal(r.code, 0, r.err);
    const answers = d.requests.filter((q) => q.route === 'answerPermission');
    assert.deepEqual(
      answers.map((q) => q.body),
      [{ optionId: 'once' }, { optionId: 'no' }],
    );
    assert.deepEqual(answers[0]?.params, { id: 'ses_1', requestId: 'perm_1' });
  });

  it('approve with an explicit option sends it without looking the request up', async () => {
    d.on('answerPermission', () => ({ permission: makePermission({ state: 'answered', chosenOptionId: 'always' }) }));
    const r = await run(d.home, ['approve', 'ses_1', 'perm_1', 'always', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { permission: { chosenOptionId: string } }).permission.chosenOptionId, 'always');
    assert.deepEqual(
      d.requests.map((q) => q.route),
      ['answerPermission'],
    );
  });

  it('delete without --yes and without a terminal shows the preview and refuses (exit 2)', async () => {
    d.on('cleanupPreview', () => ({
      sessionId: 'ses_1',
      worktreePath: '/wt/ses_1',
      worktreeExists: true,
      branch: 'switchboard/demo/p/ses1',
      branchExists: true,
      uncommittedFiles: [{ path: 'hello.txt', status: '??' }],
      artifacts: [],
      logFiles: ['/logs/ses_1.log'],
      eventCount: 12,
    }));
    const r = await run(d.home, ['delete', 'ses_1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /worktree:\s+\/wt\/ses_1/);
    assert.match(r.err, /hello\.txt/);
    assert.match(r.err, /refusing to delete without --yes/);
    assert.ok(!d.requests.some((q) => q.route === 'deleteSession'));
  });

  it('delete --yes --delete-branch asks the daemon to delete the branch too', async () => {
    d.on('deleteSession', () => ({
      deleted: {
        sessionId: 'ses_1',
        worktreePath: '/wt/ses_1',
        worktreeExists: true,
        branch: 'b',
        branchExists: true,
        uncommittedFiles: [],
        artifacts: [],
        logFiles: [],
        eventCount: 3,
      },
      branchDeleted: true,
    }));
    const r = await run(d.home, ['delete', 'ses_1', '--delete-branch', '--yes']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(d.requests[0]?.query, { deleteBranch: 'true' });
    assert.match(r.out, /branch b deleted/);
  });

  it('agents add passes repeated --arg and --env, and rejects a malformed --env (exit 2)', async () => {
    d.on('addAgent', (req) => {
      const b = req.body as { name: string; command: string; args: string[] };
      return {
        agent: {
          id: 'tpl_1',
          name: b.name,
          description: '',
          spawn: { command: b.command, args: b.args, env: {} },
          runtime: { provider: 'local' },
          builtIn: false,
          createdAt: '2025-01-01T00:00:00Z',
          available: true,
        },
      };
    });
    const r = await run(d.home, ['agents', 'add', 'mine', '--command', 'my-agent', '--arg=--acp', '--arg', 'x', '--env', 'A=1=2', '--npm-package', 'my-agent-pkg']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(d.requests[0]?.body, { name: 'mine', command: 'my-agent', args: ['--acp', 'x'], env: { A: '1=2' }, npmPackage: 'my-agent-pkg', runtime: { provider: 'local' } });
    const boxed = await run(d.home, ['agents', 'add', 'boxed', '--command', 'c', '--sandbox', 'bwrap', '--hide', '~/secrets', '--no-network']);
    assert.equal(boxed.code, 0, boxed.err);
    assert.deepEqual((d.requests[1]?.body as { runtime: unknown }).runtime, { provider: 'local', sandbox: 'bwrap', hiddenPaths: ['~/secrets'], network: 'none' });
    const wrongMode = await run(d.home, ['agents', 'add', 'x', '--command', 'c', '--sandbox', 'chroot']);
    assert.equal(wrongMode.code, 2);
    const bad = await run(d.home, ['agents', 'add', 'mine', '--command', 'c', '--env', 'NOEQUALS']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--env takes KEY=VALUE/);
  });

  it('events --json prints the listing; pages are followed to the end', async () => {
    const all = [1, 2, 3].map((seq) => makeEvent(seq, 'log', { level: 'info', message: `m${seq}` }));
    d.on('listEvents', (req) => {
      const since = Number(req.query['since']);
      const page = all.filter((e) => e.seq > since).slice(0, 2);
      return { events: page, lastSeq: page.at(-1)?.seq ?? since, hasMore: all.some((e) => e.seq > (page.at(-1)?.seq ?? since)) };
    });
    const r = await run(d.home, ['events', '--session', 'ses_1', '--json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { events: { seq: number }[] };
    assert.deepEqual(
      json.events.map((e) => e.seq),
      [1, 2, 3],
    );
    assert.deepEqual(d.requests[0]?.query, { session: 'ses_1', since: '0', limit: '1000' });
  });

  it('events --follow --limit N prints backlog then live events and exits after N', async () => {
    d.emit(makeEvent(1, 'plan', { entries: [{ content: 'write hello.txt', status: 'pending' }] }));
    const io = captureIo();
    const done = run(d.home, ['events', '--follow', '--limit', '2'], io);
    // The second event is live: it is emitted once the client has connected.
    await until('the backlog printed', () => io.out().includes('plan'), 5_000, 10);
    d.emit(makeEvent(2, 'file.written', { path: 'hello.txt', bytes: 5, created: true }));
    const r = await done;
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^#1 .*plan\s+· write hello\.txt$/);
    assert.match(lines[1] ?? '', /^#2 .*file\.written\s+hello\.txt \(5 bytes, new\)$/);
  });

  describe('--wait', () => {
    let session: Session;
    let turns: Turn[];
    let pending = [makePermission()];

    beforeEach(() => {
      session = makeSession();
      turns = [makeTurn()];
      pending = [];
      d.on('getSession', (): SessionDetail => ({ session, turns, pendingPermissions: pending }));
    });

    it('send --wait prints the events and stops when the session needs the person', async () => {
      d.on('createSession', () => {
        // The agent works right after the session is created; part of it lands before the client subscribes.
        d.emit(makeEvent(1, 'session.state_changed', { from: 'created', to: 'running', reason: null, detail: null }));
        d.emit(makeEvent(2, 'plan', { entries: [{ content: 'write hello.txt' }] }));
        setTimeout(() => {
          d.emit(makeEvent(3, 'agent.message_chunk', { text: 'I will write ' }));
          d.emit(makeEvent(4, 'agent.message_chunk', { text: 'a file.' }));
          pending = [makePermission()];
          session = { ...session, state: 'waiting_for_user', stateReason: 'permission' };
          d.emit(makeEvent(5, 'permission.requested', { request: makePermission() }));
          d.emit(makeEvent(6, 'session.state_changed', { from: 'running', to: 'waiting_for_user', reason: 'permission', detail: null }));
        }, 100);
        return { session };
      });
      const r = await run(d.home, ['send', 'demo', 'implement', 'demo-repo', '--prompt', 'demo', '--wait']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /plan\s+· write hello\.txt/);
      assert.match(r.out, /^agent: I will write a file\.$/m);
      assert.match(r.out, /session ses_1: waiting_for_user \(permission\)/);
      assert.match(r.out, /switchboard approve ses_1 perm_1/);
      assert.deepEqual(d.requests.find((q) => q.route === 'createSession')?.body, {
        agent: 'demo',
        action: 'implement',
        project: 'demo-repo',
        prompt: 'demo',
      });
    });

    it('send --wait exits 1 when the session fails', async () => {
      d.on('createSession', () => {
        setTimeout(() => {
          session = { ...session, state: 'failed', stateReason: 'agent_crashed', stateDetail: 'exit code 3' };
          d.emit(makeEvent(1, 'session.state_changed', { from: 'running', to: 'failed', reason: 'agent_crashed', detail: 'exit code 3' }));
        }, 50);
        return { session };
      });
      const r = await run(d.home, ['send', 'demo', 'implement', 'demo-repo', '--prompt', 'crash', '--wait']);
      assert.equal(r.code, 1);
      assert.match(r.out, /session ses_1: failed \(agent_crashed: exit code 3\)/);
    });

    it('followup --wait waits for its own turn, not an earlier completion', async () => {
      session = { ...session, state: 'completed' };
      turns = [makeTurn({ state: 'done', stopReason: 'end_turn' })];
      d.emit(makeEvent(1, 'session.state_changed', { from: 'running', to: 'completed', reason: null, detail: null }));
      d.on('followup', (req) => {
        const turn = makeTurn({ id: 'turn_1', index: 1, state: 'queued', prompt: (req.body as { text: string }).text });
        turns = [...turns, turn];
        session = { ...session, state: 'running' };
        setTimeout(() => {
          turns = turns.map((t) => (t.id === 'turn_1' ? { ...t, state: 'done', stopReason: 'end_turn' } : t));
          session = { ...session, state: 'completed' };
          d.emit(makeEvent(2, 'turn.ended', { turnId: 'turn_1', index: 1, stopReason: 'end_turn', error: null }));
          d.emit(makeEvent(3, 'session.state_changed', { from: 'running', to: 'completed', reason: null, detail: null }));
        }, 100);
        return { session, turn };
      });
      const r = await run(d.home, ['followup', 'ses_1', 'add', 'a', 'test', '--wait']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(d.requests.find((q) => q.route === 'followup')?.body, { text: 'add a test' });
      assert.match(r.out, /turn\.ended\s+#1 end_turn/);
      assert.match(r.out, /session ses_1: completed/);
      // The backlog (the first completion) is not reprinted.
      assert.equal(r.out.match(/running → completed/g)?.length, 1);
    });
  });
});

describe('CLI without a daemon', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-cli-none-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('says in plain words that the daemon is not running when there is no discovery file', async () => {
    const r = await run(home, ['sessions', 'list']);
    assert.equal(r.code, 1);
    assert.equal(r.err, 'switchboard: the daemon is not running; start it with `switchboard daemon start`\n');
  });

  it('says the same when the discovery file names a port where nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    writeFileSync(
      join(home, DISCOVERY_FILE),
      JSON.stringify({ pid: 999_999, port, token: 'x'.repeat(32), version: '0', startedAt: new Date().toISOString() }),
    );
    const r = await run(home, ['projects', 'list', '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^switchboard: the daemon is not running; start it with `switchboard daemon start`$/m);
  });

  it('daemon status --json reports not running with exit 1', async () => {
    const r = await run(home, ['daemon', 'status', '--json']);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), { running: false, home });
  });

  it('daemon stop is a no-op when nothing runs', async () => {
    const r = await run(home, ['daemon', 'stop']);
    assert.equal(r.code, 0);
    assert.match(r.out, /not running/);
  });
});
