// Admission control through the real daemon and demo agents: a cap of running agents, sessions
// past it `queued` with positions, started FIFO as slots free, cancellable while queued (nothing
// made), and kept in order across a daemon kill -9.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, makeRepo, until } from '../support/daemonHarness.js';

/** Sessions of `ids` whose agent process is alive now (by SWITCHBOARD_SESSION in /proc/<pid>/environ). */
function aliveAgents(ids: ReadonlySet<string>): Set<string> {
  const alive = new Set<string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let env: string;
    try {
      env = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    const m = /(?:^|\0)SWITCHBOARD_SESSION=([^\0]+)/.exec(env);
    if (m?.[1] && ids.has(m[1])) alive.add(m[1]);
  }
  return alive;
}

/** Samples `aliveAgents` every 25 ms until stopped; returns the largest count seen. */
function sampleAlive(ids: ReadonlySet<string>): { stop: () => number; samples: () => number } {
  let max = 0;
  let samples = 0;
  const timer = setInterval(() => {
    max = Math.max(max, aliveAgents(ids).size);
    samples += 1;
  }, 25);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
    samples: () => samples,
  };
}

async function agentStartOrder(daemon: DaemonProcess, ids: string[], since = 0): Promise<string[]> {
  const { events } = await daemon.client.api.listEvents({ query: { type: 'agent.started', since, limit: 10_000 } });
  return events.map((e) => e.sessionId ?? '').filter((id) => ids.includes(id));
}

describe('admission control', function () {
  this.timeout(180_000);
  let daemon: DaemonProcess | undefined;
  afterEach(async () => daemon?.stop());

  async function startDaemon(maxAgents: number, home?: string): Promise<DaemonProcess> {
    daemon = await DaemonProcess.start({ ...(home ? { home } : {}), env: { SWITCHBOARD_MAX_AGENTS: String(maxAgents), SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
    return daemon;
  }

  async function create(d: DaemonProcess, project: string, prompt: string): Promise<Session> {
    return (await d.client.api.createSession({ body: { project, agent: 'demo', action: 'implement', prompt } })).session;
  }

  it('runs at most the cap at once, queues the rest with positions, starts them FIFO; a queued session cancelled leaves nothing', async function () {
    const d = await startDaemon(3);
    await d.client.api.addProject({ body: { path: makeRepo(), slug: 'cap' } });
    const sessions: Session[] = [];
    const ids = new Set<string>();
    const sampler = sampleAlive(ids);
    for (let i = 0; i < 8; i++) {
      const s = await create(d, 'cap', 'slow 6 250');
      sessions.push(s);
      ids.add(s.id);
    }
    const queued = sessions.slice(3);
    // Past the cap: queued, with no worktree made, in creation order.
    const admission = await d.client.api.getAdmission();
    assert.equal(admission.maxAgents, 3);
    assert.deepEqual(
      admission.queue.map((q) => [q.sessionId, q.position]),
      queued.map((s, i) => [s.id, i + 1]),
    );
    for (const s of queued) {
      const now = (await d.client.api.getSession({ params: { id: s.id } })).session;
      assert.equal(now.state, 'queued', `session ${now.shortId}`);
      assert.equal(now.stateReason, 'admission');
      assert.ok(now.worktreePath && !fs.existsSync(now.worktreePath), 'a queued session has no worktree yet');
    }
    // Cancelled while queued: stopped, out of the queue, no worktree, no branch.
    const cancelled = queued[2]!;
    const after = (await d.client.api.cancelTurn({ params: { id: cancelled.id } })).session;
    assert.equal(after.state, 'stopped');
    assert.deepEqual(
      (await d.client.api.getAdmission()).queue.map((q) => q.position),
      [1, 2, 3, 4],
    );
    const running = sessions.filter((s) => s.id !== cancelled.id);
    for (const s of running) await d.waitForState(s.id, ['completed'], 60_000);
    const max = sampler.stop();
    assert.ok(sampler.samples() > 20, 'the sampler ran');
    assert.ok(max <= 3, `at most 3 agents alive at once; saw ${max}`);
    assert.ok(max >= 2, `the cap was used; saw at most ${max} alive`);
    assert.ok(!fs.existsSync(cancelled.worktreePath!), 'the cancelled session never got a worktree');
    // FIFO: the queued ones started in the order they were created.
    const order = await agentStartOrder(d, queued.map((s) => s.id));
    assert.deepEqual(order, queued.filter((s) => s.id !== cancelled.id).map((s) => s.id));
    // Every session that ran got its worktree once admitted.
    for (const s of running) assert.ok(fs.existsSync(s.worktreePath!), `worktree of ${s.shortId}`);
  });

  it('keeps queued sessions in order across a daemon kill -9', async function () {
    let d = await startDaemon(1);
    await d.client.api.addProject({ body: { path: makeRepo(), slug: 'order' } });
    const holder = await create(d, 'order', 'hang');
    await d.waitForState(holder.id, ['running']);
    const queued: Session[] = [];
    for (let i = 0; i < 4; i++) queued.push(await create(d, 'order', 'slow 2 100'));
    for (const s of queued) assert.equal((await d.client.api.getSession({ params: { id: s.id } })).session.state, 'queued');
    const { lastSeq } = await d.client.api.health();
    await d.kill9();
    d = await startDaemon(1, d.home);
    // The holder was interrupted by the crash; the queued ones now start, one at a time, in order.
    for (const s of queued) await d.waitForState(s.id, ['completed'], 60_000);
    assert.equal((await d.client.api.getSession({ params: { id: holder.id } })).session.state, 'failed');
    const order = await agentStartOrder(d, queued.map((s) => s.id), lastSeq);
    assert.deepEqual(order, queued.map((s) => s.id));
  });

  it('an idle agent gives its slot to a queued session and starts again on the next prompt', async function () {
    const d = await startDaemon(1);
    await d.client.api.addProject({ body: { path: makeRepo(), slug: 'idle' } });
    const first = await create(d, 'idle', 'think');
    await d.waitForState(first.id, ['completed']);
    const second = await create(d, 'idle', 'think');
    await d.waitForState(second.id, ['completed']);
    await until('the first agent to be ended', () => aliveAgents(new Set([first.id])).size === 0 || null);
    await d.client.api.followup({ params: { id: first.id }, body: { text: 'think again' } });
    await d.waitForState(first.id, ['completed'], 30_000);
    const { events } = await d.client.api.listEvents({ query: { session: first.id, type: 'agent.started', limit: 100 } });
    assert.equal(events.length, 2, 'started again for the follow-up');
  });
});
