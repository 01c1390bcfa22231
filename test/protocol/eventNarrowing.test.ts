// narrowEvent: the one way a client turns a loose event (payload `unknown`) into a typed one —
// known type, payload parsed by that type's schema — and tolerates what a newer daemon may send.
import assert from 'node:assert/strict';
import { isEventType, narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';

function loose(type: string, payload: unknown): LooseEvent {
  return { seq: 7, type, sessionId: 's1', projectId: 'p1', time: '2026-01-01T00:00:00.000Z', payload };
}

const stateChanged = { from: 'running', to: 'waiting_for_user', reason: 'permission', detail: 'asks' };

describe('narrowEvent', () => {
  it('types a known event whose payload parses, keeping its envelope', () => {
    const e = narrowEvent(loose('session.state_changed', stateChanged));
    assert.ok(e && e.type === 'session.state_changed');
    assert.equal(e.payload.to, 'waiting_for_user');
    assert.deepEqual({ seq: e.seq, sessionId: e.sessionId, projectId: e.projectId }, { seq: 7, sessionId: 's1', projectId: 'p1' });
  });

  it('answers null for a type this build does not know, and for a payload that does not parse', () => {
    assert.equal(narrowEvent(loose('session.teleported', {})), null);
    assert.equal(narrowEvent(loose('session.state_changed', { to: 'sideways' })), null);
    assert.equal(narrowEvent(loose('session.state_changed', null)), null);
    assert.equal(narrowEvent(loose('toString', {})), null, 'an inherited property name is not an event type');
  });

  it('given a type, answers null for any other type without looking at the payload', () => {
    assert.equal(narrowEvent(loose('session.state_changed', stateChanged), 'session.deleted'), null);
    const e = narrowEvent(loose('session.deleted', { branchDeleted: true, worktreeRemoved: false }), 'session.deleted');
    assert.equal(e?.payload.branchDeleted, true);
  });

  it('keeps the other fields of a smaller or richer envelope', () => {
    const e = narrowEvent({ type: 'file.written', sessionId: 's2', payload: { path: 'a.txt', bytes: 3, created: true }, extra: 1 }, 'file.written');
    assert.deepEqual(e, { type: 'file.written', sessionId: 's2', payload: { path: 'a.txt', bytes: 3, created: true }, extra: 1 });
  });

  it('drops payload fields its schema does not name (a newer daemon may add some)', () => {
    const e = narrowEvent(loose('file.written', { path: 'a.txt', bytes: 3, created: false, mode: 0o644 }), 'file.written');
    assert.deepEqual(e?.payload, { path: 'a.txt', bytes: 3, created: false });
  });

  it('knows exactly the event types of the protocol', () => {
    assert.equal(isEventType('turn.ended'), true);
    assert.equal(isEventType('computer.session_bound'), true);
    assert.equal(isEventType('constructor'), false);
  });
});
