// A real agent from npm, installed but not logged in: the session must end in a plain-words
// auth_required state within its timeout, never hang, and leave no process behind.
// .ci/run installs @zed-industries/claude-agent-acp outside the project's dependencies.
import assert from 'node:assert/strict';
import { findCommand } from '../../daemon/agents/commandLookup.js';
import { DaemonProcess, isAlive, makeRepo, until } from '../support/daemonHarness.js';

describe('a real agent that is not logged in', function () {
  const installed = findCommand('claude-agent-acp', process.env.PATH ?? '') !== null;
  let daemon: DaemonProcess | undefined;
  after(async () => daemon?.stop());

  it('claude-agent-acp: the session waits for a login (auth_required), with no process left', async function () {
    if (!installed) {
      console.warn('    SKIPPED LOUDLY: claude-agent-acp is not on PATH; install @zed-industries/claude-agent-acp (as .ci/run does) to run this test');
      this.skip();
    }
    this.timeout(90_000);
    daemon = await DaemonProcess.start();
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'real' } });
    const { session } = await daemon.client.api.createSession({ body: { project: 'real', agent: 'claude', action: 'implement', prompt: 'say hello' } });
    const pid = await until('the agent to start', async () => {
      const evs = await daemon!.client.api.listEvents({ query: { session: session.id, type: 'agent.started' } });
      return (evs.events[0]?.payload as { pid?: number } | undefined)?.pid ?? null;
    }, 60_000);
    const state = await daemon.waitForState(session.id, ['waiting_for_user', 'failed'], 60_000);
    const detail = (await daemon.client.api.getSession({ params: { id: session.id } })).session;
    if (state === 'waiting_for_user') {
      assert.equal(detail.stateReason, 'auth_required');
      assert.match(detail.stateDetail ?? '', /log in/);
    } else {
      assert.ok(detail.stateDetail && detail.stateDetail.length > 0, 'a failure says why');
    }
    await until('the agent process to end', () => !isAlive(pid), 10_000);
    // The prompt is kept for after the login: resume will run it.
    const turns = (await daemon.client.api.getSession({ params: { id: session.id } })).turns;
    if (state === 'waiting_for_user') assert.equal(turns[0]?.state, 'queued');
  });
});
