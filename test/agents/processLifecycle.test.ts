// Starting and ending agent processes: typed start failures, crashes with their stderr, agents
// that ignore cancel, auth-required answers, and no process left behind.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AgentConnection } from '../../daemon/agents/agentConnection.js';
import { AgentRequestError, AgentStartError } from '../../daemon/agents/errors.js';
import { LocalRuntimeProvider } from '../../daemon/agents/localRuntime.js';
import { isAlive } from '../../daemon/agents/processGroup.js';
import { demoAgentBundle, demoLaunch, RecordingHost, startDemo, useDemoWorkspace } from './demoHarness.js';

describe('agent process lifecycle', function () {
  const ws = useDemoWorkspace();

  it('reports a missing command as not_installed', async () => {
    const launch = demoLaunch(ws.work.path, ws.home.path, { command: 'switchboard-no-such-agent-xyz', args: [] });
    await assert.rejects(AgentConnection.start(launch, new RecordingHost()), (e: unknown) => AgentStartError.is(e, 'not_installed'));
  });

  it('reports a missing working directory as bad_cwd, not as a missing command', async () => {
    const launch = demoLaunch(path.join(ws.work.path, 'gone'), ws.home.path);
    await assert.rejects(AgentConnection.start(launch, new RecordingHost()), (e: unknown) => AgentStartError.is(e, 'bad_cwd'));
  });

  it('reports an agent that exits before initialize as exited_early, with its stderr', async () => {
    const launch = demoLaunch(ws.work.path, ws.home.path, { args: ['-e', 'process.stderr.write("no config found\\n"); process.exit(2)'] });
    const err = await AgentConnection.start(launch, new RecordingHost()).then(
      () => assert.fail('should not start'),
      (e: unknown) => e,
    );
    assert.ok(AgentStartError.is(err, 'exited_early'));
    assert.equal(err.exitCode, 2);
    assert.match(err.stderrTail, /no config found/);
  });

  it('gives up on an agent that never answers initialize and leaves no process', async () => {
    let pid: number | null = null;
    const runtime = new LocalRuntimeProvider();
    const spy = {
      async start(opts: Parameters<LocalRuntimeProvider['start']>[0]) {
        const proc = await runtime.start(opts);
        pid = proc.pid;
        return proc;
      },
    };
    const launch = demoLaunch(ws.work.path, ws.home.path, { runtime: spy, args: ['-e', 'setInterval(() => {}, 1000)'], initializeTimeoutMs: 500 });
    await assert.rejects(AgentConnection.start(launch, new RecordingHost()), (e: unknown) => AgentStartError.is(e, 'timeout'));
    assert.ok(pid);
    assert.equal(isAlive(pid), false);
  });

  it('reports a crash mid-turn with the exit code and the stderr tail', async () => {
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    await assert.rejects(ws.conn.prompt(started.sessionId, 'crash'), (e: unknown) => AgentRequestError.is(e, 'exited'));
    const exit = await ws.conn.exited;
    assert.equal(exit.exitCode, 3);
    assert.match(exit.stderrTail, /simulated crash/);
    assert.match(host.stderr, /simulated crash/);
    await assert.rejects(ws.conn.prompt(started.sessionId, 'demo'), (e: unknown) => AgentRequestError.is(e, 'exited'));
  });

  it('lets the caller end an agent that ignores cancel, leaving no process behind', async () => {
    const host = new RecordingHost();
    const started = await startDemo(ws.work.path, ws.home.path, host);
    ws.conn = started.conn;
    const pid = ws.conn.pid;
    assert.ok(pid);
    const turn = ws.conn.prompt(started.sessionId, 'hang');
    await ws.conn.cancel(started.sessionId);
    // The caller's cancel grace period: the agent does not answer within it.
    const graceOver = new Promise<'grace over'>((resolve) => setTimeout(() => resolve('grace over'), 300));
    assert.equal(await Promise.race([turn.then(() => 'answered'), graceOver]), 'grace over');
    await ws.conn.terminate(1_000);
    await assert.rejects(turn, (e: unknown) => AgentRequestError.is(e, 'exited'));
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    const exit = await ws.conn.exited;
    assert.equal(exit.signal, 'SIGTERM');
    await ws.conn.terminate(); // idempotent
  });

  it('maps -32000 on session/new to auth_required with the terminal login command', async () => {
    const launch = demoLaunch(ws.work.path, ws.home.path, { env: { DEMO_AGENT_HOME: ws.home.path, DEMO_AGENT_REQUIRE_AUTH: '1' } });
    ws.conn = await AgentConnection.start(launch, new RecordingHost());
    assert.deepEqual(
      ws.conn.authMethods.map((m) => [m.id, m.type, m.terminalCommand]),
      [
        ['demo-login', 'terminal', [process.execPath, demoAgentBundle, '--login']],
        ['demo-token', 'agent', undefined],
      ],
    );
    assert.equal(ws.conn.supportsLogout, true);
    const err = await ws.conn.newSession().then(
      () => assert.fail('should need a login'),
      (e: unknown) => e,
    );
    assert.ok(AgentRequestError.is(err, 'auth_required'));
    assert.equal(err.code, -32000);
    assert.equal(err.authMethods[0]?.id, 'demo-login');
  });

  it('starts the agent with a curated environment and its own HOME', async () => {
    const agentHome = path.join(ws.home.path, 'agent-home');
    await mkdir(agentHome);
    const runtime = new LocalRuntimeProvider({ PATH: process.env.PATH, HOME: '/daemon-home', IS_SANDBOX: 'yes', SECRET_TOKEN: 'x' });
    const proc = await runtime.start({
      command: process.execPath,
      args: ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
      env: { TEMPLATE_VAR: 'set' },
      cwd: ws.work.path,
      home: agentHome,
    });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    await proc.exited;
    const env = JSON.parse(out) as Record<string, string>;
    assert.equal(env.HOME, agentHome);
    assert.equal(env.TEMPLATE_VAR, 'set');
    assert.equal(env.IS_SANDBOX, undefined);
    assert.equal(env.SECRET_TOKEN, undefined);
  });
});
