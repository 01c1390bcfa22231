// The Sessions view's model: snapshot + events, buffering while a snapshot loads, counts for
// the badge and status bar, and speed with 1,000 sessions.
import assert from 'node:assert/strict';
import type { Session } from '../../daemon/protocol/entities.js';
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { SessionTreeModel } from '../../extension/model/sessionTreeModel.js';
import { makeProject, makeSession } from '../cli/fixtures.js';

let seq = 0;
function ev(type: string, payload: unknown, sessionId: string | null = null, time = new Date().toISOString()): LooseEvent {
  return { seq: ++seq, type, sessionId, projectId: null, time, payload };
}
const stateChanged = (s: Session, to: Session['state'], reason: Session['stateReason'] = null) =>
  ev('session.state_changed', { from: s.state, to, reason, detail: null }, s.id);

describe('session tree model', () => {
  it('shows a snapshot grouped by project, newest session first', () => {
    const m = new SessionTreeModel();
    const p1 = makeProject({ id: 'p1', name: 'beta' });
    const p2 = makeProject({ id: 'p2', name: 'alpha' });
    m.startLoading();
    m.finishLoading(
      [p1, p2],
      [
        makeSession({ id: 'a', projectId: 'p1', updatedAt: '2025-01-01T00:00:00.000Z' }),
        makeSession({ id: 'b', projectId: 'p1', updatedAt: '2025-01-02T00:00:00.000Z' }),
        makeSession({ id: 'c', projectId: 'p2', state: 'waiting_for_user', stateReason: 'permission' }),
      ],
    );
    assert.deepEqual(m.projects().map((p) => p.name), ['alpha', 'beta']);
    assert.deepEqual(m.sessionsOf('p1').map((s) => s.id), ['b', 'a']);
    assert.equal(m.waitingCount, 1);
  });

  it('moves a session through its states on events and keeps counts right', () => {
    const m = new SessionTreeModel();
    const p = makeProject({ id: 'p1' });
    m.startLoading();
    m.finishLoading([p], []);
    const s = makeSession({ id: 's1', projectId: 'p1', state: 'created' });
    m.applyEvent(ev('session.created', { session: s }, s.id));
    assert.equal(m.runningCount, 1);
    m.applyEvent(stateChanged(s, 'running'));
    m.applyEvent(stateChanged(s, 'waiting_for_user', 'permission'));
    assert.equal(m.session('s1')?.state, 'waiting_for_user');
    assert.equal(m.session('s1')?.stateReason, 'permission');
    assert.equal(m.waitingCount, 1);
    assert.equal(m.runningCount, 0);
    m.applyEvent(stateChanged(s, 'completed'));
    assert.equal(m.waitingCount, 0);
    assert.equal(m.counts().completed, 1);
    m.applyEvent(ev('session.deleted', { branchDeleted: true, worktreeRemoved: true }, s.id));
    assert.equal(m.session('s1'), undefined);
    assert.equal(m.counts().completed, 0);
    assert.deepEqual(m.sessionsOf('p1'), []);
  });

  it('buffers events that arrive while a snapshot loads and applies them on top of it', () => {
    const m = new SessionTreeModel();
    m.startLoading();
    const s = makeSession({ id: 's1', projectId: 'p1', state: 'running' });
    const fresh = makeSession({ id: 's2', projectId: 'p1', state: 'created' });
    // Arrive before the snapshot answer: one already reflected in it, one newer.
    m.applyEvent(stateChanged({ ...s, state: 'created' }, 'running'));
    m.applyEvent(ev('session.created', { session: fresh }, fresh.id));
    m.applyEvent(stateChanged(s, 'waiting_for_user', 'permission'));
    assert.equal(m.session('s1'), undefined, 'nothing is applied before the snapshot');
    m.finishLoading([makeProject({ id: 'p1' })], [s]);
    assert.equal(m.session('s1')?.state, 'waiting_for_user');
    assert.equal(m.session('s2')?.state, 'created');
    assert.equal(m.waitingCount, 1);
  });

  it('ignores events it does not model and malformed payloads', () => {
    const m = new SessionTreeModel();
    m.startLoading();
    m.finishLoading([], [makeSession({ id: 's1' })]);
    let changes = 0;
    m.onDidChange(() => changes++);
    m.applyEvent(ev('agent.message_chunk', { text: 'hi' }, 's1'));
    m.applyEvent(ev('session.updated', { session: { id: 'broken' } }, 's1'));
    m.applyEvent(ev('some.future_event', {}, 's1'));
    m.applyEvent(ev('session.state_changed', { to: 'running' }, 'unknown-session'));
    assert.equal(changes, 0);
  });

  it('reports which projects an event touched, so the view refreshes only those', () => {
    const m = new SessionTreeModel();
    m.startLoading();
    const s = makeSession({ id: 's1', projectId: 'p9' });
    m.finishLoading([makeProject({ id: 'p9' })], [s]);
    const seen: unknown[] = [];
    m.onDidChange((c) => seen.push(c.projects === 'all' ? 'all' : [...c.projects]));
    m.applyEvent(stateChanged(s, 'failed'));
    assert.deepEqual(seen, [['p9']]);
  });

  it('loads 1,000 sessions and applies 5,000 events quickly', () => {
    const m = new SessionTreeModel();
    const projects = Array.from({ length: 20 }, (_, i) => makeProject({ id: `p${i}`, name: `project ${i}` }));
    const sessions = Array.from({ length: 1000 }, (_, i) =>
      makeSession({ id: `s${i}`, shortId: `s${i}`, projectId: `p${i % 20}`, state: 'running', updatedAt: new Date(1_700_000_000_000 + i * 1000).toISOString() }),
    );
    const t0 = performance.now();
    m.startLoading();
    m.finishLoading(projects, sessions);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 1000; i++) {
        const to = (['waiting_for_user', 'running', 'completed', 'running', 'failed'] as const)[round]!;
        m.applyEvent(stateChanged(sessions[i]!, to, to === 'waiting_for_user' ? 'permission' : null));
      }
      // What a refresh reads: every project's sorted children.
      for (const p of projects) m.sessionsOf(p.id);
    }
    const ms = performance.now() - t0;
    assert.equal(m.counts().failed, 1000);
    assert.equal(m.sessionsOf('p3').length, 50);
    assert.ok(ms < 1500, `took ${ms.toFixed(0)} ms`);
  });
});
