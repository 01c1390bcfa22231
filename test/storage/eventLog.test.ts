import { strict as assert } from 'node:assert';
import type { NewEvent, SwitchboardEvent } from '../../daemon/protocol/events.js';
import { MAX_LIST_LIMIT } from '../../daemon/storage/eventsRepo.js';
import { Store } from '../../daemon/storage/store.js';
import { aChunkEvent, aLogEvent, tempDir, type TempDir } from './helpers.js';

function appendLogs(store: Store, n: number, scope: { sessionId?: string; projectId?: string } = {}): SwitchboardEvent[] {
  const batch: NewEvent[] = [];
  for (let i = 0; i < n; i++) batch.push(aLogEvent(`m${i}`, scope));
  return store.events.appendMany(batch);
}

describe('storage: event log', () => {
  let tmp: TempDir;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('assigns increasing seqs and an ISO time, and reads back what it stored', () => {
    const a = store.events.append(aChunkEvent('hello', 's1', 'p1'));
    const b = store.events.append({
      type: 'tool_call',
      sessionId: 's1',
      projectId: 'p1',
      payload: { toolCallId: 't1', title: 'Edit', rawInput: { path: 'a.ts', nested: [1, { x: null }] } },
    });
    assert.equal(a.seq, 1);
    assert.equal(b.seq, 2);
    assert.equal(new Date(a.time).toISOString(), a.time);
    assert.deepEqual(a, { seq: 1, sessionId: 's1', projectId: 'p1', type: 'agent.message_chunk', time: a.time, payload: { messageId: 'm1', text: 'hello' } });
    assert.deepEqual(store.events.list(), [a, b]);
    assert.equal(store.events.lastSeq(), 2);
  });

  it('keeps events without a session or project', () => {
    const e = store.events.append({ type: 'daemon.started', sessionId: null, projectId: null, payload: { pid: 42, version: '0.1.0' } });
    assert.deepEqual(store.events.list(), [e]);
  });

  it('never hands out a seq again after the newest events are deleted, even across reopen', () => {
    store.events.append(aLogEvent('keep', { sessionId: 'a' }));
    appendLogs(store, 3, { sessionId: 'b' });
    assert.equal(store.events.lastSeq(), 4);
    assert.equal(store.events.deleteBySession('b'), 3);
    assert.equal(store.events.lastSeq(), 4, 'lastSeq does not go back');
    assert.equal(store.events.append(aLogEvent('next')).seq, 5);
    store.close();
    store = Store.open(tmp.file());
    store.events.deleteBySession('a');
    assert.equal(store.events.append(aLogEvent('after reopen')).seq, 6);
    assert.deepEqual(store.events.list().map((e) => e.seq), [5, 6]);
  });

  it('counts and deletes one session\'s events only', () => {
    appendLogs(store, 3, { sessionId: 'a' });
    appendLogs(store, 2, { sessionId: 'b' });
    assert.equal(store.events.countBySession('a'), 3);
    assert.equal(store.events.countBySession('none'), 0);
    store.events.deleteBySession('a');
    assert.equal(store.events.countBySession('a'), 0);
    assert.equal(store.events.countBySession('b'), 2);
  });

  it('lists after a seq, by session, project and type, oldest first', () => {
    const e1 = store.events.append(aChunkEvent('1', 's1', 'p1'));
    const e2 = store.events.append(aLogEvent('2', { sessionId: 's2', projectId: 'p1' }));
    const e3 = store.events.append(aChunkEvent('3', 's2', 'p2'));
    const e4 = store.events.append(aLogEvent('4'));
    const seqs = (xs: SwitchboardEvent[]) => xs.map((e) => e.seq);
    assert.deepEqual(seqs(store.events.list({ since: e2.seq })), [e3.seq, e4.seq]);
    assert.deepEqual(seqs(store.events.list({ sessionId: 's2' })), [e2.seq, e3.seq]);
    assert.deepEqual(seqs(store.events.list({ projectId: 'p1' })), [e1.seq, e2.seq]);
    assert.deepEqual(seqs(store.events.list({ types: ['agent.message_chunk'] })), [e1.seq, e3.seq]);
    assert.deepEqual(seqs(store.events.list({ types: ['log', 'agent.message_chunk'], since: e1.seq })), [e2.seq, e3.seq, e4.seq]);
    assert.deepEqual(seqs(store.events.list({ types: [] })), [e1.seq, e2.seq, e3.seq, e4.seq]);
    assert.deepEqual(seqs(store.events.list({ sessionId: 's2', projectId: 'p2', types: ['agent.message_chunk'] })), [e3.seq]);
    assert.deepEqual(seqs(store.events.list({ until: e2.seq })), [e1.seq, e2.seq]);
    assert.deepEqual(store.events.list({ since: e4.seq }), []);
  });

  it('pages with since and limit: 1000 by default, never more than MAX_LIST_LIMIT', () => {
    appendLogs(store, MAX_LIST_LIMIT + 500);
    const first = store.events.list();
    assert.equal(first.length, 1000);
    assert.equal(store.events.list({ limit: 1_000_000 }).length, MAX_LIST_LIMIT);
    assert.equal(store.events.list({ limit: 0 }).length, 0);
    // Walking pages by the last seq seen visits every event exactly once.
    let since = 0;
    let seen = 0;
    for (;;) {
      const page = store.events.list({ since, limit: 3000 });
      if (page.length === 0) break;
      assert.equal(page[0]?.seq, since + 1);
      seen += page.length;
      since = page.at(-1)?.seq ?? since;
    }
    assert.equal(seen, MAX_LIST_LIMIT + 500);
  });

  it('stores a batch all or nothing', () => {
    appendLogs(store, 2);
    const bad = { type: 'log', sessionId: null, projectId: null, payload: { level: 'info', message: 'x', n: 1n } } as unknown as NewEvent;
    assert.throws(() => store.events.appendMany([aLogEvent('ok 1'), aLogEvent('ok 2'), bad]), /BigInt/);
    assert.equal(store.events.list().length, 2);
    assert.equal(store.events.lastSeq(), 2);
    const stored = appendLogs(store, 3);
    assert.deepEqual(stored.map((e) => e.seq), [3, 4, 5]);
    assert.deepEqual(store.events.list().map((e) => e.seq), [1, 2, 3, 4, 5]);
  });

  it('streams 100,000 events in order without reading them all at once', () => {
    for (let i = 0; i < 10; i++) appendLogs(store, 10_000, { sessionId: i % 2 === 0 ? 'even' : 'odd' });
    let count = 0;
    let last = 0;
    for (const e of store.events.iterate()) {
      assert.ok(e.seq > last);
      last = e.seq;
      count++;
    }
    assert.equal(count, 100_000);
    let evens = 0;
    for (const e of store.events.iterate({ sessionId: 'even', since: 20_000 })) {
      assert.equal(e.sessionId, 'even');
      evens++;
    }
    assert.equal(evens, 40_000);
    assert.equal([...store.events.iterate({ since: 99_990, limit: 5 })].length, 5);
  });

  it('lets writers append while a replay is paused, and ends the replay where it started', () => {
    appendLogs(store, 2500);
    const replay = store.events.iterate();
    const first = replay.next();
    assert.equal(first.done, false);
    // The consumer is "awaiting" here; the daemon keeps appending meanwhile.
    const live = store.events.append(aLogEvent('live'));
    let rest = 0;
    for (const e of replay) {
      assert.ok(e.seq < live.seq, 'the replay stops at the seq that was last when it began');
      rest++;
    }
    assert.equal(rest + 1, 2500);
    // An abandoned replay leaves the connection usable too.
    const abandoned = store.events.iterate();
    abandoned.next();
    store.events.append(aLogEvent('still fine'));
  });

  it('rolls back writes to several tables together in one store transaction', () => {
    assert.throws(() =>
      store.transaction(() => {
        store.events.append(aLogEvent('will vanish'));
        store.artifacts.insert({
          id: 'a1',
          sessionId: 's',
          projectId: 'p',
          kind: 'log',
          path: '/x',
          size: 1,
          turnIndex: null,
          createdAt: 'now',
        });
        throw new Error('boom');
      }),
    /boom/);
    assert.deepEqual(store.events.list(), []);
    assert.deepEqual(store.artifacts.list(), []);
    const seq = store.transaction(() => store.events.append(aLogEvent('kept')).seq);
    assert.deepEqual(store.events.list().map((e) => e.seq), [seq]);
  });

  it('prints append throughput for 100,000 events (sanity check, not asserted)', () => {
    const event = aChunkEvent('a typical streamed chunk of agent text, about sixty bytes long', 's1', 'p1');
    let t = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) store.events.append(event);
    const single = Number(process.hrtime.bigint() - t) / 1e9;
    const batch: NewEvent[] = new Array<NewEvent>(500).fill(event);
    t = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) store.events.appendMany(batch);
    const batched = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    let n = 0;
    for (const _ of store.events.iterate({ sessionId: 's1' })) n++;
    const replay = Number(process.hrtime.bigint() - t) / 1e9;
    const rate = (count: number, s: number) => `${Math.round(count / s).toLocaleString('en-US')}/s`;
    console.log(
      `      append: 100,000 in ${single.toFixed(2)}s (${rate(100_000, single)}); ` +
        `appendMany x500: 100,000 in ${batched.toFixed(2)}s (${rate(100_000, batched)}); ` +
        `replay: ${n.toLocaleString('en-US')} in ${replay.toFixed(2)}s (${rate(n, replay)})`,
    );
  });
});
