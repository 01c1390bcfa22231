// The README walkthrough, run for real: the bundled CLI as a subprocess drives the bundled daemon
// and the demo agent on a temp git repository, from `daemon start` to `daemon stop`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { until } from '../support/until.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliBundle = join(repoRoot, 'dist', 'cli.cjs');
const daemonBundle = join(repoRoot, 'dist', 'daemon.cjs');

interface Result {
  code: number | null;
  out: string;
  err: string;
}

interface SessionJson {
  id: string;
  state: string;
  agent: string;
  action: string;
  projectId: string;
  worktreePath: string | null;
  branch: string | null;
  baseCommit: string | null;
  createdAt: string;
  turns: { id: string; state: string; stopReason: string | null }[];
  pendingPermissions: { id: string; options: { optionId: string; kind: string }[] }[];
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** The CLI bundle the README describes, built alone if a full build has not made it yet. */
async function ensureCliBundle(): Promise<void> {
  if (existsSync(cliBundle)) return;
  await esbuild.build({
    entryPoints: [join(repoRoot, 'cli', 'main.ts')],
    outfile: cliBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
}

describe('CLI end to end against the real daemon and the demo agent', function () {
  this.timeout(120_000);
  let tmp: string;
  let home: string;
  let repo: string;
  let session: SessionJson;

  function cli(...args: string[]): Result {
    const env = { ...process.env };
    delete env['SWITCHBOARD_HOME'];
    delete env['SWITCHBOARD_PORT'];
    const r = spawnSync(process.execPath, [cliBundle, '--home', home, ...args], { cwd: tmp, env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  function ok(...args: string[]): string {
    const r = cli(...args);
    assert.equal(r.code, 0, `switchboard ${args.join(' ')} exited ${r.code}\nstdout: ${r.out}\nstderr: ${r.err}`);
    return r.out;
  }

  function json<T>(...args: string[]): T {
    return JSON.parse(ok(...args, '--json')) as T;
  }

  function show(id: string): SessionJson {
    return json<SessionJson>('sessions', 'show', id);
  }

  /** Approves what the session asks until it completes; the demo agent asks once per turn. */
  function driveToCompletion(id: string): Promise<SessionJson> {
    let last = 'unknown';
    return until(
      () => `the session to complete; last state ${last}`,
      () => {
        const s = show(id);
        last = s.state;
        if (s.state === 'completed') return s;
        assert.notEqual(s.state, 'failed', `session failed: ${JSON.stringify(s)}`);
        const pending = s.pendingPermissions[0];
        if (s.state === 'waiting_for_user' && pending) ok('approve', id, pending.id);
        return null;
      },
      60_000,
      200,
    );
  }

  function eventTypes(id: string): string[] {
    return json<{ events: { type: string }[] }>('events', '--session', id).events.map((e) => e.type);
  }

  before(async function () {
    if (!existsSync(daemonBundle)) {
      const reason = 'dist/daemon.cjs does not exist yet: build the daemon (`npm run build`) to run the CLI end-to-end walkthrough';
      console.warn(`\n      SKIPPED — ${reason}\n`);
      this.skip();
    }
    await ensureCliBundle();
    tmp = mkdtempSync(join(tmpdir(), 'sb-e2e-'));
    home = join(tmp, 'home');
    repo = join(tmp, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '--quiet', '--initial-branch=main');
    git(repo, 'config', 'user.name', 'Switchboard Test');
    git(repo, 'config', 'user.email', 'test@example.invalid');
    writeFileSync(join(repo, 'README.md'), '# e2e\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'initial');
  });

  after(() => {
    if (!tmp) return;
    const d = readDiscovery(home);
    if (d && isPidAlive(d.pid)) {
      cli('daemon', 'stop');
      if (isPidAlive(d.pid)) process.kill(d.pid, 'SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('starts the daemon', () => {
    assert.match(ok('daemon', 'start'), /^daemon started \(pid \d+, port \d+/);
    const status = json<{ running: boolean; pid: number }>('daemon', 'status');
    assert.equal(status.running, true);
    assert.ok(isPidAlive(status.pid));
  });

  it('registers the repository as a project', () => {
    const { project } = json<{ project: { slug: string; defaultBranch: string } }>('projects', 'add', repo, '--slug', 'e2e');
    assert.equal(project.slug, 'e2e');
    assert.equal(project.defaultBranch, 'main');
    assert.match(ok('projects', 'list'), /^e2e\s+/m);
  });

  it('sends the demo agent to implement, and waits until it asks permission', () => {
    session = json<SessionJson>('send', 'demo', 'implement', 'e2e', '--prompt', 'demo', '--wait');
    assert.equal(session.state, 'waiting_for_user');
    assert.equal(session.agent, 'demo');
    assert.equal(session.action, 'implement');
    for (const key of ['id', 'state', 'agent', 'action', 'projectId', 'worktreePath', 'branch', 'baseCommit', 'createdAt'] as const) {
      assert.ok(session[key] !== undefined && session[key] !== null, `sessions show --json has ${key}`);
    }
  });

  it('lists the permission request with the agent’s options, and approve answers it', async () => {
    const { permissions } = json<{ permissions: { id: string; state: string; options: { kind: string }[] }[] }>('permissions', session.id);
    assert.equal(permissions.length, 1);
    const request = permissions[0];
    assert.ok(request);
    assert.equal(request.state, 'pending');
    assert.deepEqual(
      request.options.map((o) => o.kind),
      ['allow_once', 'allow_always', 'reject_once'],
    );
    assert.ok(ok('permissions', session.id).includes(request.id));
    assert.match(ok('approve', session.id, request.id), /approved .* with \S+ \(allow_once\)/);
    session = await driveToCompletion(session.id);
    assert.equal(session.state, 'completed');
  });

  it('left the agent’s file in the worktree on the session branch, not in the checkout', () => {
    const wt = session.worktreePath;
    assert.ok(wt !== null && session.branch !== null);
    assert.ok(existsSync(wt), 'the worktree exists');
    assert.equal(git(wt, 'rev-parse', '--abbrev-ref', 'HEAD'), session.branch);
    const written = json<{ events: { type: string; payload: { path: string } }[] }>('events', '--session', session.id).events.filter(
      (e) => e.type === 'file.written',
    );
    assert.equal(written.length, 1);
    const file = written[0]?.payload.path ?? '';
    const abs = isAbsolute(file) ? file : join(wt, file);
    assert.ok(existsSync(abs), `the agent's file ${abs} exists in the worktree`);
    assert.ok(!existsSync(join(repo, relative(wt, abs))), 'the project checkout does not have it');
    assert.equal(git(repo, 'status', '--porcelain'), '', 'the project checkout is untouched');
  });

  it('recorded the turn as events: plan, tool call, permission asked and answered, file written, turn ended', () => {
    const types = eventTypes(session.id);
    for (const t of ['plan', 'tool_call', 'permission.requested', 'permission.answered', 'file.written', 'turn.ended']) {
      assert.ok(types.includes(t), `events --session shows ${t}`);
    }
    assert.ok(types.indexOf('permission.requested') < types.indexOf('permission.answered'));
    assert.ok(types.indexOf('permission.answered') < types.indexOf('file.written'));
    assert.match(ok('events', '--session', session.id), /turn\.ended\s+#0 end_turn/);
  });

  it('runs a follow-up as a second turn', async () => {
    const waited = json<SessionJson>('followup', session.id, 'add a second line', '--wait');
    assert.ok(['waiting_for_user', 'completed'].includes(waited.state), waited.state);
    session = await driveToCompletion(session.id);
    assert.equal(session.turns.length, 2);
    assert.ok(session.turns.every((t) => t.state === 'done' && t.stopReason === 'end_turn'));
    assert.equal(eventTypes(session.id).filter((t) => t === 'turn.ended').length, 2);
  });

  it('stops, then resumes with the agent’s own history intact', async () => {
    assert.match(ok('stop', session.id), /: stopped$/m);
    assert.equal(show(session.id).state, 'stopped');
    const resumed = json<SessionJson>('resume', session.id, '--wait');
    assert.notEqual(resumed.state, 'failed');
    ok('followup', session.id, 'one more line');
    session = await driveToCompletion(session.id);
    // The demo agent numbers turns from the history it keeps on disk: turn 3 means session/load
    // gave it back its first two.
    const wt = session.worktreePath ?? '';
    assert.match(readFileSync(join(wt, 'hello.txt'), 'utf8'), /\(turn 3\)/);
    assert.ok(!eventTypes(session.id).includes('context.reset'), 'no context reset: the agent loaded its session');
  });

  it('previews the cleanup: the worktree and the branch', () => {
    const preview = json<{ worktreePath: string; worktreeExists: boolean; branch: string; branchExists: boolean }>('cleanup-preview', session.id);
    assert.equal(preview.worktreePath, session.worktreePath);
    assert.equal(preview.worktreeExists, true);
    assert.equal(preview.branch, session.branch);
    assert.equal(preview.branchExists, true);
    const text = ok('cleanup-preview', session.id);
    assert.ok(text.includes(session.worktreePath ?? '?') && text.includes(session.branch ?? '?'));
  });

  it('refuses to delete without --yes off a terminal, then deletes worktree and branch with it', () => {
    const refused = cli('delete', session.id);
    assert.equal(refused.code, 2);
    assert.ok(existsSync(session.worktreePath ?? ''), 'nothing was deleted');
    const res = json<{ branchDeleted: boolean }>('delete', session.id, '--delete-branch', '--yes');
    assert.equal(res.branchDeleted, true);
    assert.ok(!existsSync(session.worktreePath ?? ''), 'the worktree is gone');
    assert.equal(git(repo, 'branch', '--list', session.branch ?? ''), '', 'the branch is gone');
  });

  it('stops the daemon', () => {
    const pid = readDiscovery(home)?.pid;
    assert.ok(pid !== undefined);
    assert.match(ok('daemon', 'stop'), /^daemon stopped/);
    assert.ok(!isPidAlive(pid));
    const after = cli('health');
    assert.equal(after.code, 1);
    assert.match(after.err, /the daemon is not running; start it with `switchboard daemon start`/);
  });
});
