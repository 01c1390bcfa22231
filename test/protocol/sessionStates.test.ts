// The session lifecycle table and its named groups: each group says the same thing as the table
// (so a change to one that forgets the other fails here), and the predicates over state + reason.
import assert from 'node:assert/strict';
import { SESSION_STATES, type SessionState } from '../../daemon/protocol/entities.js';
import {
  ACTIVE_STATES,
  ENDED_STATES,
  FOLLOW_UP_STATES,
  HALTED_STATES,
  QUEUED_STATES,
  RESUMABLE_STATES,
  RETIRED_STATES,
  RUNNING_STATES,
  SESSION_TRANSITIONS,
  SETTLED_STATES,
  STOPPABLE_STATES,
  canTransition,
  isAgentWorking,
  isResumable,
  isWaitingForLogin,
} from '../../daemon/protocol/sessionStates.js';

/** The states that may move to `to` (not counting staying put), in the enum's order. */
const leadingTo = (to: SessionState) => SESSION_STATES.filter((from) => from !== to && SESSION_TRANSITIONS[from].includes(to));
const sorted = (states: readonly SessionState[]) => SESSION_STATES.filter((s) => states.includes(s));

describe('session states', () => {
  it('allows staying put and exactly the moves in the table', () => {
    assert.equal(canTransition('completed', 'completed'), true);
    assert.equal(canTransition('completed', 'running'), true, 'a follow-up restarts a completed session');
    assert.equal(canTransition('archived', 'running'), false);
    assert.equal(canTransition('deleted', 'created'), false);
    for (const from of SESSION_STATES) assert.ok(!SESSION_TRANSITIONS[from].includes(from), `${from} lists itself`);
  });

  it('names groups that agree with the table', () => {
    assert.deepEqual(sorted(STOPPABLE_STATES), leadingTo('stopped'), 'stop is legal exactly where the table allows `stopped`');
    assert.deepEqual(sorted(ENDED_STATES), leadingTo('archived'), 'the ended states are the archivable ones');
    assert.deepEqual(sorted(FOLLOW_UP_STATES), SESSION_STATES.filter((s) => canTransition(s, 'running')), 'a follow-up is accepted wherever the session may run');
    assert.deepEqual(sorted(RESUMABLE_STATES), sorted(leadingTo('running').filter((s) => ENDED_STATES.includes(s) && s !== 'completed')));
  });

  it('splits the lifecycle: active and ended never overlap, and a settled session is not at work', () => {
    assert.deepEqual(ACTIVE_STATES.filter((s) => ENDED_STATES.includes(s)), []);
    // Queued is its own kind: no agent is at work (recovery keeps it), yet it starts without a person.
    assert.deepEqual(sorted([...QUEUED_STATES, ...ACTIVE_STATES, ...ENDED_STATES, 'archived', 'deleted']), [...SESSION_STATES]);
    assert.deepEqual(sorted([...QUEUED_STATES, ...RUNNING_STATES, ...SETTLED_STATES]), [...SESSION_STATES], 'a session is queued, running or settled');
    assert.deepEqual(RUNNING_STATES.filter((s) => SETTLED_STATES.includes(s)), []);
    assert.deepEqual(SESSION_STATES.filter((s) => !FOLLOW_UP_STATES.includes(s)), sorted(RETIRED_STATES), 'only a retired session refuses a follow-up');
    assert.ok(HALTED_STATES.every((s) => SETTLED_STATES.includes(s) || QUEUED_STATES.includes(s)));
  });

  it('tells waiting for a login from waiting for an answer', () => {
    const login = { state: 'waiting_for_user', stateReason: 'auth_required' } as const;
    const answer = { state: 'waiting_for_user', stateReason: 'permission' } as const;
    assert.equal(isWaitingForLogin(login), true);
    assert.equal(isWaitingForLogin(answer), false);
    assert.equal(isWaitingForLogin({ state: 'failed', stateReason: 'auth_required' }), false);
    assert.equal(isResumable(login), true);
    assert.equal(isResumable(answer), false);
    assert.equal(isResumable({ state: 'failed', stateReason: 'agent_crashed' }), true);
    assert.equal(isResumable({ state: 'completed', stateReason: null }), false);
    assert.equal(isAgentWorking(answer), true, 'mid-turn, parked on a permission');
    assert.equal(isAgentWorking(login), false, 'idle until someone logs in');
    assert.equal(isAgentWorking({ state: 'created', stateReason: null }), true);
    assert.equal(isAgentWorking({ state: 'completed', stateReason: null }), false);
  });
});
