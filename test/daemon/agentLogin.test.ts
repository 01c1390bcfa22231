// Logins the agent declares, through the real daemon and the demo agent playing an agent without
// credentials (DEMO_AGENT_REQUIRE_AUTH=1): its terminal login run as a person would (stdin fed by
// the test), then `authenticate` resumes the session; its agent-handled login refused and then
// accepted once its key is handed over; logout; and the same terminal login through the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { TerminalLogin } from '../../daemon/protocol/agentFeatureRoutes.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

/** Runs a terminal login the way a terminal would, typing `input`; answers its exit code. */
function runLogin(login: TerminalLogin, input: string): Promise<number | null> {
  const [program, ...args] = login.command;
  return new Promise((resolve, reject) => {
    const child = spawn(program!, args, { cwd: login.cwd, env: { ...process.env, ...login.env }, stdio: ['pipe', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
    child.stdin.end(input);
  });
}

describe('agent logins (authenticate, terminal login, logout)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  before(async () => {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'logins' } });
    const demo = (await daemon.client.api.listAgents()).agents.find((a) => a.name === 'demo')!;
    // One template per login kind: each has its own agent HOME, so one's login is not the other's.
    for (const name of ['demo-auth', 'demo-key', 'demo-cli']) {
      await daemon.client.api.addAgent({ body: { name, command: demo.spawn.command, args: demo.spawn.args, env: { DEMO_AGENT_REQUIRE_AUTH: '1' } } });
    }
  });
  after(async () => daemon?.stop());

  const marker = (agent: string) => path.join(daemon.home, 'agent-homes', agent, '.demo-agent', 'logged-in');

  async function waitingForLogin(agent: string): Promise<string> {
    const { session } = await daemon.client.api.createSession({ body: { project: 'logins', agent, action: 'implement', prompt: 'slow 1 1' } });
    await daemon.waitForState(session.id, ['waiting_for_user']);
    const now = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    assert.equal(now.stateReason, 'auth_required');
    return session.id;
  }

  function refusal(code: string, field: string, message?: RegExp) {
    return (err: unknown) => SwitchboardError.is(err) && err.code === code && err.field === field && (message === undefined || message.test(err.message));
  }

  async function authEvents(filter: { session?: string }) {
    const { events } = await daemon.client.api.listEvents({ query: { ...filter, type: 'agent.auth_changed' } });
    return events.map((e) => e.payload as { agent: string; action: string; methodId: string | null; ok: boolean });
  }

  it('runs the terminal login with the agent HOME, then authenticate resumes the session', async () => {
    const id = await waitingForLogin('demo-auth');
    const { session } = await daemon.client.api.getSession({ params: { id } });
    assert.deepEqual(session.authMethods.map((m) => [m.id, m.type]), [['demo-login', 'terminal'], ['demo-token', 'agent']]);
    const api = daemon.client.api;

    await assert.rejects(api.authenticate({ params: { id }, body: { methodId: 'nope' } }), refusal('invalid_request', 'methodId', /demo-login, demo-token/));
    // Not logged in yet: the agent started again still refuses; the session keeps waiting.
    await assert.rejects(api.authenticate({ params: { id }, body: { methodId: 'demo-login' } }), refusal('agent_refused', 'methodId', /still refuses/));
    assert.equal((await api.getSession({ params: { id } })).session.stateReason, 'auth_required');

    const login = await api.loginCommand({ params: { id }, query: {} });
    assert.equal(login.methodId, 'demo-login');
    assert.deepEqual(login.command.slice(1), [session.authMethods[0]!.terminalCommand![1], '--login']);
    assert.equal(login.env.HOME, path.join(daemon.home, 'agent-homes', 'demo-auth'));
    assert.equal(login.cwd, session.cwd);
    await assert.rejects(api.loginCommand({ params: { id }, query: { methodId: 'demo-token' } }), refusal('invalid_request', 'methodId', /not a terminal login/));

    assert.equal(await runLogin(login, '\n'), 0);
    assert.ok(existsSync(marker('demo-auth')), 'the login wrote its credentials into the agent HOME');
    const resumed = await api.authenticate({ params: { id }, body: { methodId: 'demo-login' } });
    assert.notEqual(resumed.session.stateReason, 'auth_required');
    await daemon.waitForState(id, ['completed']);
    assert.deepEqual(
      (await authEvents({ session: id })).map((e) => [e.methodId, e.ok]),
      [['demo-login', false], ['demo-login', true]],
    );
  });

  it('refuses an agent-handled login with the agent words (409), then takes it once the key is there', async () => {
    const id = await waitingForLogin('demo-key');
    const api = daemon.client.api;
    await assert.rejects(api.authenticate({ params: { id }, body: { methodId: 'demo-token' } }), refusal('agent_refused', 'methodId', /DEMO_AGENT_TOKEN is not set/));
    assert.equal((await api.getSession({ params: { id } })).session.stateReason, 'auth_required');

    await api.setAgentSecrets({ params: { name: 'demo-key' }, body: { env: { DEMO_AGENT_TOKEN: 'demo-secret-token' } } });
    await api.authenticate({ params: { id }, body: { methodId: 'demo-token' } });
    await daemon.waitForState(id, ['completed']);
    const events = await authEvents({ session: id });
    assert.deepEqual(events.map((e) => e.ok), [false, true]);
    assert.ok(!JSON.stringify(events).includes('demo-secret-token'), 'the key never reaches an event');
  });

  it('logs an agent out where it offers logout, and says so where it does not', async () => {
    const api = daemon.client.api;
    assert.ok(existsSync(marker('demo-auth')));
    assert.deepEqual(await api.logoutAgent({ params: { name: 'demo-auth' } }), { agent: 'demo-auth', loggedOut: true, message: 'logged the demo-auth agent out' });
    assert.ok(!existsSync(marker('demo-auth')), 'logout removed the credentials');
    const plain = await api.logoutAgent({ params: { name: 'demo' } });
    assert.equal(plain.loggedOut, false);
    assert.match(plain.message, /has no logout/);
    await assert.rejects(api.logoutAgent({ params: { name: 'no-such-agent' } }), refusal('not_found', 'agent'));
    const logouts = (await authEvents({})).filter((e) => e.action === 'logout');
    assert.deepEqual(logouts.map((e) => [e.agent, e.ok]), [['demo-auth', true]]);
  });

  it('logs in through the CLI: `login` runs the terminal login here, then the session resumes; `logout`', async () => {
    const id = await waitingForLogin('demo-cli');
    const cli = new CliRunner(daemon.home);
    const refused = await cli.runWithInput('', 'login', id);
    assert.equal(refused.code, 1, refused.err);
    assert.match(refused.err, /exited with code 1; session .* keeps waiting/);

    const r = await cli.runWithInput('\n', 'login', id, '--method', 'demo-login');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /running the demo-cli login \(Demo login\) with HOME=/);
    assert.match(r.out, /logged demo-cli in \(Demo login\); session \S+: running/);
    await daemon.waitForState(id, ['completed']);

    // The login goes away mid-session: the next prompt waits for one, and `login` brings it back.
    await daemon.client.api.followup({ params: { id }, body: { text: 'forget-login' } });
    await daemon.waitForState(id, ['completed']);
    await daemon.client.api.followup({ params: { id }, body: { text: 'slow 1 1' } });
    await daemon.waitForState(id, ['waiting_for_user']);
    assert.equal((await daemon.client.api.getSession({ params: { id } })).session.stateReason, 'auth_required');
    assert.equal((await cli.runWithInput('\n', 'login', id)).code, 0);
    await daemon.waitForState(id, ['completed']);
    const detail = await daemon.client.api.getSession({ params: { id } });
    assert.deepEqual(detail.turns.map((t) => [t.state, t.error]), [['done', null], ['done', null], ['done', null]]);

    const out = await cli.ok('logout', 'demo-cli');
    assert.match(out, /logged the demo-cli agent out/);
    const none = await cli.run('logout', 'demo');
    assert.equal(none.code, 1);
    assert.match(none.out, /has no logout/);
  });
});
