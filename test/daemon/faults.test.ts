// Agents and the daemon failing in the ways they do: crashes, hangs, kill -9 mid-turn.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AnyEventSchema } from '../../daemon/protocol/events.js';
import { DaemonProcess, isAlive, makeRepo, until } from '../support/daemonHarness.js';

describe('faults', function () {
  let daemon: DaemonProcess;
  let project: string;
  before(async function () {
    daemon = await DaemonProcess.start();
    project = (await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'faults' } })).project.slug;
  });
  after(async () => daemon?.stop());

  const start = (prompt: string, action: 'implement' | 'analyze' = 'implement') =>
    daemon.client.api.createSession({ body: { project, agent: 'demo', action, prompt, permissionPolicy: 'allow-all' } }).then((r) => r.session);

  it('a crashing agent fails the session with its exit code and a stderr tail in the log', async function () {
    const s = await start('crash');
    await daemon.waitForState(s.id, ['failed']);
    const detail = await daemon.client.api.getSession({ params: { id: s.id } });
    assert.equal(detail.session.stateReason, 'agent_crashed');
    assert.equal(detail.session.exitCode, 3);
    assert.match(detail.session.stateDetail ?? '', /code 3/);
    const { lines } = await daemon.client.api.logTail({ params: { id: s.id }, query: { lines: 50 } });
    assert.ok(lines.some((l) => l.includes('[stderr]')), 'stderr captured in the session log');
    assert.ok(lines.some((l) => /exited unexpectedly \(code 3\)/.test(l)));
    const exited = (await daemon.client.api.listEvents({ query: { session: s.id, type: 'agent.exited' } })).events;
    assert.equal((exited[0]?.payload as { exitCode: number }).exitCode, 3);
  });

  it('cancel of a hanging agent ends the turn within 5 s and leaves no agent process', async function () {
    const s = await start('hang');
    const started = await until('the agent to start', async () => {
      const d = await daemon.client.api.getSession({ params: { id: s.id } });
      return d.session.state === 'running' && d.session.runtimeHandle ? Number(d.session.runtimeHandle) : null;
    });
    const t0 = Date.now();
    await daemon.client.api.cancelTurn({ params: { id: s.id } });
    await daemon.waitForEvents({ session: s.id }, (evs) => evs.some((e) => e.type === 'turn.ended'), 5_000);
    assert.ok(Date.now() - t0 < 5_000, `turn ended in ${Date.now() - t0} ms`);
    await until('the agent process to be gone', () => !isAlive(started), 2_000);
    const after = await daemon.client.api.getSession({ params: { id: s.id } });
    assert.equal(after.session.state, 'stopped');
    assert.equal(after.session.stateReason, 'cancel_timeout');
  });

  it('garbage on the agent stdout does not break the session', async function () {
    const s = await start('garbage');
    assert.equal(await daemon.waitForState(s.id, ['completed', 'failed']), 'completed');
  });

  it('kill -9 of the daemon mid-turn: on restart the session is truthfully failed/interrupted, no orphan, no torn event', async function () {
    this.timeout(60_000);
    const s = await start('slow 1000 20');
    const pid = await until('chunks to flow', async () => {
      const d = await daemon.client.api.getSession({ params: { id: s.id } });
      const evs = await daemon.client.api.listEvents({ query: { session: s.id, type: 'agent.message_chunk', limit: 5 } });
      return evs.events.length >= 3 && d.session.runtimeHandle ? Number(d.session.runtimeHandle) : null;
    });
    const home = daemon.home;
    await daemon.kill9();
    daemon = await DaemonProcess.start({ home });
    const d = await daemon.client.api.getSession({ params: { id: s.id } });
    assert.equal(d.session.state, 'failed');
    assert.equal(d.session.stateReason, 'interrupted');
    assert.ok(!isAlive(pid), 'the orphaned agent was ended');
    const recovered = (await daemon.client.api.listEvents({ query: { type: 'daemon.recovered' } })).events;
    assert.ok(recovered.some((e) => (e.payload as { interruptedSessions: string[] }).interruptedSessions.includes(s.id)));
    // Every stored event parses, and seqs only grow.
    const all = (await daemon.client.api.listEvents({ query: { limit: 10_000 } })).events;
    let last = 0;
    for (const e of all) {
      AnyEventSchema.parse(e);
      assert.ok(e.seq > last);
      last = e.seq;
    }
    assert.ok(fs.existsSync(path.join(home, 'daemon.json')));
    // And the session can go on.
    const { turn } = await daemon.client.api.followup({ params: { id: s.id }, body: { text: 'write after-restart.txt ok' } });
    await daemon.waitForEvents({ session: s.id }, (evs) => evs.some((e) => e.type === 'turn.ended' && (e.payload as { turnId: string }).turnId === turn.id));
    assert.equal(await daemon.waitForState(s.id, ['completed', 'failed']), 'completed');
  });
});
