// The extension's "Log in" steps (extension/auth/loginFlow.ts) against a real daemon and the demo
// agent without credentials: the terminal a person would use is a child process here, typed into
// by the test. A login that does not exit 0 is abandoned when the person says so, and the session
// keeps waiting; one that exits 0 is followed by `authenticate`, and the session resumes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { TerminalLogin } from '../../daemon/protocol/agentFeatureRoutes.js';
import { loginKind, terminalLogin, type LoginPorts } from '../../extension/auth/loginFlow.js';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

function terminalTyping(input: string): (login: TerminalLogin) => Promise<number | undefined> {
  return (login) =>
    new Promise((resolve, reject) => {
      const [program, ...args] = login.command;
      const child = spawn(program!, args, { cwd: login.cwd, env: { ...process.env, ...login.env }, stdio: ['pipe', 'ignore', 'ignore'] });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code ?? undefined));
      child.stdin.end(input);
    });
}

describe('extension login flow (loginFlow.ts)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  before(async () => {
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'ext-login' } });
    const demo = (await daemon.client.api.listAgents()).agents.find((a) => a.name === 'demo')!;
    await daemon.client.api.addAgent({ body: { name: 'demo-ext', command: demo.spawn.command, args: demo.spawn.args, env: { DEMO_AGENT_REQUIRE_AUTH: '1' } } });
  });
  after(async () => daemon?.stop());

  it('abandons a failed terminal login when asked, then logs in and resumes after one that exits 0', async () => {
    const { session } = await daemon.client.api.createSession({ body: { project: 'ext-login', agent: 'demo-ext', action: 'implement', prompt: 'slow 1 1' } });
    await daemon.waitForState(session.id, ['waiting_for_user']);
    const waiting = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    const method = waiting.authMethods.find((m) => loginKind(m) === 'terminal')!;
    assert.equal(method.id, 'demo-login');
    assert.equal(loginKind(waiting.authMethods.find((m) => m.id === 'demo-token')!), 'agent');

    const questions: string[] = [];
    const ports = (input: string, retry: boolean): LoginPorts => ({
      api: daemon.client.api,
      runInTerminal: terminalTyping(input),
      retryAnyway: (message) => {
        questions.push(message);
        return Promise.resolve(retry);
      },
    });
    // stdin closes before Enter: the demo login exits 1.
    assert.deepEqual(await terminalLogin(ports('', false), waiting, method), { kind: 'abandoned', exitCode: 1 });
    assert.deepEqual(questions, ['The demo-ext login ended with exit code 1. Ask the agent anyway?']);
    assert.equal((await daemon.client.api.getSession({ params: { id: session.id } })).session.stateReason, 'auth_required');

    const outcome = await terminalLogin(ports('\n', false), waiting, method);
    assert.equal(outcome.kind, 'resumed');
    await daemon.waitForState(session.id, ['completed']);
  });
});
