import assert from 'node:assert/strict';
import {
  connectionOf,
  exitIntended,
  pendingConnectOf,
  stopIntentOf,
  TABLE,
  transition,
  turnOf,
  type RunnerEvent,
  type RunnerState,
  type StopIntent,
} from '../../daemon/sessions/runnerLifecycle.js';

// The table carries its connection and turn without looking at them: strings stand in for both.
type S = RunnerState<string, string>;
type E = RunnerEvent<string, string>;
const pending = Promise.resolve('agent');
const userStop: StopIntent = { reason: 'user_stop', detail: null };
const shutdown: StopIntent = { reason: 'daemon_shutdown', detail: 'the daemon shut down; resume to continue' };

function run(events: E[], from: S = { phase: 'idle' }): S {
  return events.reduce(transition, from);
}

describe('the session runner lifecycle table', () => {
  it('starts an agent: idle → starting → binding → ready, joining one pending connect throughout', () => {
    const starting = run([{ type: 'connect', pending }]);
    assert.deepEqual(starting, { phase: 'starting', pending });
    assert.equal(pendingConnectOf(starting), pending);
    const binding = transition(starting, { type: 'spawned', conn: 'agent' });
    assert.deepEqual(binding, { phase: 'binding', pending, conn: 'agent' });
    assert.equal(connectionOf(binding), 'agent');
    const ready = transition(binding, { type: 'bound' });
    assert.deepEqual(ready, { phase: 'ready', conn: 'agent' });
    assert.equal(pendingConnectOf(ready), null);
  });

  it('runs turns one at a time: ready ⇄ inTurn', () => {
    const inTurn = run([{ type: 'turnStarted', turn: 't1' }], { phase: 'ready', conn: 'agent' });
    assert.deepEqual(inTurn, { phase: 'inTurn', conn: 'agent', turn: 't1' });
    assert.equal(turnOf(inTurn), 't1');
    assert.deepEqual(transition(inTurn, { type: 'turnEnded' }), { phase: 'ready', conn: 'agent' });
    assert.throws(() => transition(inTurn, { type: 'turnStarted', turn: 't2' }), /'turnStarted' cannot happen while inTurn/);
  });

  it('a failed start without a process returns to idle; a failed bind ends the half-started agent as expected', () => {
    assert.deepEqual(run([{ type: 'connect', pending }, { type: 'connectFailed' }]), { phase: 'idle' });
    const failedBind = run([{ type: 'connect', pending }, { type: 'spawned', conn: 'agent' }, { type: 'connectFailed' }]);
    assert.deepEqual(failedBind, { phase: 'stopping', pending: null, conn: 'agent', turn: null, intent: null });
    assert.equal(exitIntended(failedBind), true);
    const gone = transition(failedBind, { type: 'exited' });
    assert.deepEqual(gone, { phase: 'gone', expected: true, pending: null, turn: null, intent: null });
  });

  it('an agent that exits on its own is gone unexpectedly, keeping the turn it was working on', () => {
    const gone = run([{ type: 'exited' }], { phase: 'inTurn', conn: 'agent', turn: 't1' });
    assert.deepEqual(gone, { phase: 'gone', expected: false, pending: null, turn: 't1', intent: null });
    assert.equal(exitIntended(gone), false);
    assert.equal(connectionOf(gone), null);
    assert.deepEqual(transition(gone, { type: 'turnEnded' }), { ...gone, turn: null });
    assert.deepEqual(run([{ type: 'exited' }], { phase: 'ready', conn: 'agent' }), { phase: 'gone', expected: false, pending: null, turn: null, intent: null });
  });

  it('an exit during binding leaves the connect to settle; its failure then only clears it', () => {
    const gone = run([{ type: 'connect', pending }, { type: 'spawned', conn: 'agent' }, { type: 'exited' }]);
    assert.deepEqual(gone, { phase: 'gone', expected: false, pending, turn: null, intent: null });
    assert.deepEqual(transition(gone, { type: 'connectFailed' }), { ...gone, pending: null });
    assert.deepEqual(transition(gone, { type: 'bound' }), { ...gone, pending: null });
  });

  it('a stop mid-turn keeps the turn and its intent through the exit, so the turn can be closed as stopped', () => {
    const stopping = run([{ type: 'stop', intent: userStop }], { phase: 'inTurn', conn: 'agent', turn: 't1' });
    assert.deepEqual(stopping, { phase: 'stopping', pending: null, conn: 'agent', turn: 't1', intent: userStop });
    assert.equal(exitIntended(stopping), true);
    assert.equal(stopIntentOf(stopping), userStop);
    const gone = transition(stopping, { type: 'exited' });
    assert.deepEqual(gone, { phase: 'gone', expected: true, pending: null, turn: 't1', intent: userStop });
    assert.equal(stopIntentOf(transition(gone, { type: 'turnEnded' })), userStop);
  });

  it('a stop while the agent is still starting waits for the process and ends it when it appears', () => {
    const stopping = run([{ type: 'connect', pending }, { type: 'stop', intent: shutdown }]);
    assert.deepEqual(stopping, { phase: 'stopping', pending, conn: null, turn: null, intent: shutdown });
    const withProcess = transition(stopping, { type: 'spawned', conn: 'agent' });
    assert.equal(connectionOf(withProcess), 'agent');
    const bound = transition(withProcess, { type: 'bound' });
    assert.deepEqual(bound, { phase: 'stopping', pending: null, conn: 'agent', turn: null, intent: shutdown });
    // A turn that was already on its way starts against the dying agent; the stop decides its end.
    assert.equal(turnOf(transition(bound, { type: 'turnStarted', turn: 't1' })), 't1');
  });

  it('a stop while starting whose start then fails is gone at once, as intended', () => {
    const gone = run([{ type: 'connect', pending }, { type: 'stop', intent: userStop }, { type: 'connectFailed' }]);
    assert.deepEqual(gone, { phase: 'gone', expected: true, pending: null, turn: null, intent: userStop });
  });

  it('stopping a runner that has no agent records the intent without waiting for an exit', () => {
    assert.deepEqual(run([{ type: 'stop', intent: userStop }]), { phase: 'gone', expected: true, pending: null, turn: null, intent: userStop });
    assert.deepEqual(run([{ type: 'release' }]), { phase: 'gone', expected: true, pending: null, turn: null, intent: null });
  });

  it('a release ends the agent without a session state to take, and never undoes a stop already asked for', () => {
    assert.deepEqual(run([{ type: 'release' }], { phase: 'ready', conn: 'agent' }), { phase: 'stopping', pending: null, conn: 'agent', turn: null, intent: null });
    const stopping = run([{ type: 'stop', intent: userStop }, { type: 'release' }], { phase: 'ready', conn: 'agent' });
    assert.equal(stopIntentOf(stopping), userStop);
    const crashed: S = { phase: 'gone', expected: false, pending: null, turn: null, intent: null };
    assert.equal(exitIntended(transition(crashed, { type: 'release' })), true);
  });

  it('a later stop replaces the intent of an earlier one (an ignored cancel after a shutdown began)', () => {
    const timeout: StopIntent = { reason: 'cancel_timeout', detail: 'the agent ignored cancel and was stopped; resume to continue' };
    const s = run([{ type: 'stop', intent: shutdown }, { type: 'stop', intent: timeout }], { phase: 'inTurn', conn: 'agent', turn: 't1' });
    assert.equal(stopIntentOf(s), timeout);
  });

  it('a new start after the agent is gone forgets the old exit and the old stop intent', () => {
    const gone: S = { phase: 'gone', expected: true, pending: null, turn: null, intent: userStop };
    const starting = transition(gone, { type: 'connect', pending });
    assert.deepEqual(starting, { phase: 'starting', pending });
    assert.equal(exitIntended(starting), false);
    assert.equal(stopIntentOf(starting), null);
  });

  it('refuses moves that cannot happen, naming the event and the phase', () => {
    assert.throws(() => run([{ type: 'exited' }]), /'exited' cannot happen while idle/);
    assert.throws(() => run([{ type: 'connect', pending }], { phase: 'ready', conn: 'agent' }), /'connect' cannot happen while ready/);
    assert.throws(() => run([{ type: 'turnStarted', turn: 't1' }]), /'turnStarted' cannot happen while idle/);
    assert.throws(() => run([{ type: 'bound' }], { phase: 'starting', pending }), /'bound' cannot happen while starting/);
  });

  it('every phase answers stop and release, so a runner can always be ended', () => {
    for (const row of [TABLE.stop, TABLE.release]) {
      assert.deepEqual(Object.keys(row).sort(), ['binding', 'gone', 'idle', 'inTurn', 'ready', 'starting', 'stopping']);
    }
  });
});
