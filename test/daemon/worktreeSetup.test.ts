// Through the real daemon, a real repository and the demo agent (sandboxed by bubblewrap where the
// machine has it): the project's setup commands run in the new worktree before the agent's first
// prompt, `npm ci` against a local package works with no network, a server setup leaves running on
// $PORT answers until the session is deleted and then is gone, teardown runs before the worktree
// goes, and a failing or overlong command fails the session with what happened, until resume.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { SANDBOX_ENV } from '../../daemon/protocol/discovery.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { EventStream, type StreamEvent, type WebSocketLikeConstructor } from '../../daemon/protocol/eventStream.js';
import { DaemonProcess, isAlive, makeRepo, until } from '../support/daemonHarness.js';

const SERVER_JS = `require('node:http')
  .createServer((req, res) => res.end('served by ' + process.env.SWITCHBOARD_SESSION_SLUG))
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

/** The lock `npm install --package-lock-only` writes for a `file:` dependency (npm ci needs one). */
const PACKAGE_LOCK = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { localpkg: 'file:vendor/localpkg' } },
    'node_modules/localpkg': { resolved: 'vendor/localpkg', link: true },
    'vendor/localpkg': { version: '1.0.0' },
  },
};

function repoWith(config: object, extra: Record<string, string> = {}): string {
  return makeRepo({
    'README.md': '# setup\n',
    '.gitignore': 'node_modules/\nserver.log\nok-marker\n',
    '.switchboard/config.json': JSON.stringify(config, null, 2),
    ...extra,
  });
}

/** Host pids of live processes whose argv is `argv` and whose cwd is in `dir` (seen from outside any sandbox). */
function processesIn(dir: string, argv: string[]): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').slice(0, -1);
      if (args.length === argv.length && args.every((a, i) => path.basename(a) === argv[i]) && fs.readlinkSync(`/proc/${name}/cwd`).startsWith(dir)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids.filter(isAlive);
}

describe('worktree setup and teardown', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  before(async function () {
    daemon = await DaemonProcess.start();
  });
  after(async () => daemon?.stop());

  async function events(sessionId: string): Promise<StreamEvent[]> {
    return (await daemon.client.api.listEvents({ query: { session: sessionId, limit: 10_000 } })).events;
  }

  async function session(id: string) {
    return (await daemon.client.api.getSession({ params: { id } })).session;
  }

  it('runs setup (npm ci offline, a server on $PORT) before the first prompt; teardown before delete ends it all', async function () {
    const repo = repoWith(
      {
        setup: ['echo "hello-from-setup greeting=$GREETING port=$PORT" && echo warn-from-setup >&2', 'npm ci', 'node server.js > server.log 2>&1 &'],
        teardown: ['echo "bye-from-teardown port=$PORT"'],
        env: { GREETING: 'hi' },
      },
      {
        'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { localpkg: 'file:vendor/localpkg' } }),
        'package-lock.json': JSON.stringify(PACKAGE_LOCK, null, 2),
        'vendor/localpkg/package.json': JSON.stringify({ name: 'localpkg', version: '1.0.0', main: 'index.js' }),
        'vendor/localpkg/index.js': 'module.exports = "local";\n',
        'server.js': SERVER_JS,
      },
    );
    await daemon.client.api.addProject({ body: { path: repo, slug: 'setup-ok' } });
    const { session: created } = await daemon.client.api.createSession({ body: { project: 'setup-ok', agent: 'demo', action: 'implement', prompt: 'think' } });
    await daemon.waitForState(created.id, ['completed'], 90_000);
    const s = await session(created.id);
    const worktree = s.worktreePath ?? '';
    assert.equal(s.setup?.state, 'done', JSON.stringify(s.setup));
    assert.equal(s.stateReason, null);

    const all = await events(s.id);
    const types = all.map((e) => e.type);
    const lastSetupEnd = types.lastIndexOf('setup.ended');
    assert.ok(lastSetupEnd >= 0 && lastSetupEnd < types.indexOf('agent.started') && lastSetupEnd < types.indexOf('turn.started'), types.join(', '));
    const ended = all.flatMap((e) => narrowEvent(e, 'setup.ended')?.payload ?? []);
    assert.deepEqual(
      ended.map((e) => [e.phase, e.index, e.total, e.exitCode, e.timedOut]),
      [0, 1, 2].map((i) => ['setup', i, 3, 0, false]),
    );
    const output = all.flatMap((e) => narrowEvent(e, 'setup.output')?.payload ?? []);
    const port = s.ports?.[0]?.port;
    assert.ok(port, 'the session leased ports');
    assert.ok(output.some((o) => o.stream === 'stdout' && o.text.includes(`hello-from-setup greeting=hi port=${port}`)), JSON.stringify(output));
    assert.ok(output.some((o) => o.stream === 'stderr' && o.text.includes('warn-from-setup')), JSON.stringify(output));
    const details = all.flatMap((e) => narrowEvent(e, 'session.state_changed')?.payload.detail ?? []);
    assert.ok(details.includes('setting up: npm ci (2/3)'), details.join(' | '));
    const { lines } = await daemon.client.api.logTail({ params: { id: s.id }, query: { lines: 500 } });
    assert.ok(lines.some((l) => l.includes('hello-from-setup')), lines.join('\n'));

    // npm ci installed the local package into the worktree, without a registry.
    assert.equal(fs.readFileSync(path.join(worktree, 'node_modules', 'localpkg', 'index.js'), 'utf8'), 'module.exports = "local";\n');

    // The server setup left running answers on the session's port, after the agent's turn too.
    const slug = await until('the setup server to answer', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
      return res?.ok ? res.text() : null;
    });
    assert.match(slug, /^served by sb_/);
    const servers = processesIn(worktree, ['node', 'server.js']);
    assert.equal(servers.length, 1, 'one server process');

    // Teardown runs before the worktree is removed; the session's events go with it, so watch live.
    const live: StreamEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = new EventStream({
        url: `ws://127.0.0.1:${daemon.discovery.port}`,
        token: daemon.discovery.token,
        since: all.at(-1)?.seq ?? 0,
        session: s.id,
        WebSocketImpl: WebSocket as unknown as WebSocketLikeConstructor,
        onLive: () => void daemon.client.api.deleteSession({ params: { id: s.id }, query: {} }).catch(reject),
        onEvent: (e) => {
          live.push(e);
          if (e.type === 'session.deleted') {
            stream.close();
            resolve();
          }
        },
      });
    });
    const teardown = live.flatMap((e) => narrowEvent(e, 'setup.started')?.payload ?? []);
    assert.deepEqual(teardown.map((t) => [t.phase, t.command]), [['teardown', 'echo "bye-from-teardown port=$PORT"']]);
    const teardownOutput = live.flatMap((e) => narrowEvent(e, 'setup.output')?.payload ?? []);
    assert.ok(teardownOutput.some((o) => o.phase === 'teardown' && o.text.includes(`bye-from-teardown port=${port}`)), JSON.stringify(teardownOutput));
    const liveTypes = live.map((e) => e.type);
    assert.ok(liveTypes.indexOf('setup.ended') < liveTypes.indexOf('worktree.removed'), liveTypes.join(', '));

    // No orphan: the server is gone and its port free.
    await until('the setup server to be gone', () => servers.every((pid) => !isAlive(pid)));
    assert.equal(await fetch(`http://127.0.0.1:${port}/`).then(() => 'answered', () => 'refused'), 'refused');
  });

  it('keeps an unsandboxed setup server alive in its process group until the session stops', async function () {
    const unsandboxed = await DaemonProcess.start({ env: { [SANDBOX_ENV]: 'none' } });
    try {
      const repo = repoWith({ setup: ['node server.js > server.log 2>&1 &'] }, { 'server.js': SERVER_JS });
      await unsandboxed.client.api.addProject({ body: { path: repo, slug: 'setup-host' } });
      const { session: created } = await unsandboxed.client.api.createSession({ body: { project: 'setup-host', agent: 'demo', action: 'implement', prompt: 'think' } });
      await unsandboxed.waitForState(created.id, ['completed'], 60_000);
      const s = (await unsandboxed.client.api.getSession({ params: { id: created.id } })).session;
      assert.equal(s.isolation?.kind, 'none');
      const port = s.ports?.[0]?.port;
      await until('the unsandboxed setup server to answer', async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.ok ?? null);
      const servers = processesIn(s.worktreePath ?? '', ['node', 'server.js']);
      assert.equal(servers.length, 1);
      await unsandboxed.client.api.stopSession({ params: { id: s.id } });
      await until('the server to end with the session', () => servers.every((pid) => !isAlive(pid)));
      assert.equal((await unsandboxed.client.api.getSession({ params: { id: s.id } })).session.ports ?? null, null, 'stop gives the ports back');
    } finally {
      await unsandboxed.stop();
    }
  });

  it('fails the session with the command, exit code and output tail; resume runs setup again', async function () {
    const repo = repoWith({ setup: ['echo first-step', 'echo "boom-$((40 + 2))"; test -f ok-marker || exit 3'] });
    await daemon.client.api.addProject({ body: { path: repo, slug: 'setup-fail' } });
    const { session: created } = await daemon.client.api.createSession({ body: { project: 'setup-fail', agent: 'demo', action: 'implement', prompt: 'think' } });
    await daemon.waitForState(created.id, ['failed'], 60_000);
    const failed = await session(created.id);
    assert.equal(failed.stateReason, 'setup_failed');
    assert.match(failed.stateDetail ?? '', /`echo "boom-\$\(\(40 \+ 2\)\)"; test -f ok-marker \|\| exit 3` exited with code 3/);
    assert.match(failed.stateDetail ?? '', /output:\n(.*\n)*boom-42/, 'the output tail');
    assert.deepEqual([failed.setup?.state, failed.setup?.index, failed.setup?.exitCode], ['failed', 1, 3]);
    const before = await events(failed.id);
    assert.ok(!before.some((e) => e.type === 'agent.started'), 'the agent never started');
    const ended = before.flatMap((e) => narrowEvent(e, 'setup.ended')?.payload ?? []).at(-1);
    assert.equal(ended?.exitCode, 3);
    assert.match(ended?.tail ?? '', /boom-42/);
    assert.ok(before.some((e) => e.type === 'ports.released'), 'a failed setup gives its ports back');
    assert.ok(fs.existsSync(failed.worktreePath ?? ''), 'the worktree stays for inspection');

    // Fixed by hand in the worktree, resume runs setup from its first command, then the queued turn.
    fs.writeFileSync(path.join(failed.worktreePath ?? '', 'ok-marker'), '');
    await daemon.client.api.resumeSession({ params: { id: failed.id } });
    await daemon.waitForState(failed.id, ['completed'], 60_000);
    const after = await events(failed.id);
    const starts = after.flatMap((e) => narrowEvent(e, 'setup.started')?.payload ?? []).map((p) => p.index);
    assert.deepEqual(starts, [0, 1, 0, 1]);
    assert.equal((await session(failed.id)).setup?.state, 'done');
    assert.ok(after.some((e) => e.type === 'turn.ended'));
  });

  it('ends a command that outlives setupTimeoutSeconds and fails the session with timedOut', async function () {
    const repo = repoWith({ setup: ['echo about-to-hang; sleep 31.25'], setupTimeoutSeconds: 1 });
    await daemon.client.api.addProject({ body: { path: repo, slug: 'setup-slow' } });
    const { session: created } = await daemon.client.api.createSession({ body: { project: 'setup-slow', agent: 'demo', action: 'implement', prompt: 'think' } });
    await daemon.waitForState(created.id, ['failed'], 30_000);
    const s = await session(created.id);
    assert.equal(s.stateReason, 'setup_failed');
    assert.match(s.stateDetail ?? '', /timed out after 1 s/);
    const ended = (await events(s.id)).flatMap((e) => narrowEvent(e, 'setup.ended')?.payload ?? []);
    assert.deepEqual(ended.map((e) => [e.timedOut, e.exitCode]), [[true, null]]);
    assert.match(ended[0]?.tail ?? '', /about-to-hang/);
    assert.deepEqual(processesIn(s.worktreePath ?? '', ['sleep', '31.25']), [], 'the hung command was ended');
  });
});
