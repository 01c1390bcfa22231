// The agent watchdog through the real daemon and the demo agent: an agent that crashes at every
// start is started at most 3 times in 10 minutes, then the session waits with `crash_loop` until
// resumed; a turn with no word from the agent is flagged `stalled`, and cancel still ends it.
import assert from 'node:assert/strict';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

describe('agent watchdog', function () {
  this.timeout(120_000);
  let daemon: DaemonProcess;
  before(async () => {
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_STALL_SECONDS: '1', SWITCHBOARD_MAX_AGENTS: '20', SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
    await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'dog' } });
  });
  after(async () => daemon?.stop());

  async function starts(sessionId: string): Promise<number> {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'agent.started', limit: 100 } });
    return events.length;
  }

  async function state(sessionId: string) {
    return (await daemon.client.api.getSession({ params: { id: sessionId } })).session;
  }

  it('stops restarting an agent that crashes at every start after 3 tries (crash_loop); resume tries again', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'dog', agent: 'demo', action: 'implement', prompt: 'crash' } });
    await daemon.waitForState(session.id, ['failed']);
    for (let i = 0; i < 2; i++) {
      await daemon.client.api.followup({ params: { id: session.id }, body: { text: 'crash' } });
      await until(`crash ${i + 2}`, async () => ((await starts(session.id)) === i + 2 && (await state(session.id)).state === 'failed') || null);
    }
    assert.equal(await starts(session.id), 3);
    await daemon.client.api.followup({ params: { id: session.id }, body: { text: 'crash' } });
    await until('crash_loop', async () => {
      const s = await state(session.id);
      return (s.state === 'waiting_for_user' && s.stateReason === 'crash_loop') || null;
    });
    const s = await state(session.id);
    assert.match(s.stateDetail ?? '', /crashed 3 times within 10 minutes/);
    assert.equal(await starts(session.id), 3, 'no fourth start');
    // A person resumes: the agent is started again (and the queued prompt runs, crashing once more).
    await daemon.client.api.resumeSession({ params: { id: session.id } });
    await until('a fourth start after resume', async () => ((await starts(session.id)) === 4) || null);
  });

  it('flags a silent turn as stalled and cancel still ends it', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'dog', agent: 'demo', action: 'implement', prompt: 'hang' } });
    await until('stalled', async () => {
      const s = await state(session.id);
      return (s.state === 'waiting_for_user' && s.stateReason === 'stalled') || null;
    });
    assert.match((await state(session.id)).stateDetail ?? '', /no word from the agent for 1 s/);
    await daemon.client.api.cancelTurn({ params: { id: session.id } });
    // `hang` ignores cancel: after the grace the agent is stopped.
    const final = await daemon.waitForState(session.id, ['stopped', 'completed'], 60_000);
    assert.ok(final === 'stopped' || final === 'completed');
  });

  it('a slow turn that goes quiet and speaks again runs on and completes', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'dog', agent: 'demo', action: 'implement', prompt: 'slow 3 1800' } });
    await until('stalled between chunks', async () => ((await state(session.id)).stateReason === 'stalled') || null);
    await daemon.waitForState(session.id, ['completed'], 60_000);
    const { events } = await daemon.client.api.listEvents({ query: { session: session.id, type: 'session.state_changed', limit: 100 } });
    const moves = events.map((e) => (e.payload as { to: string; reason: string | null }));
    assert.ok(moves.some((m) => m.to === 'waiting_for_user' && m.reason === 'stalled'));
    assert.ok(moves.some((m, i) => i > 0 && moves[i - 1]?.reason === 'stalled' && m.to === 'running'), 'revived to running');
  });
});
