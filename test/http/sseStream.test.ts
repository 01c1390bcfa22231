import assert from 'node:assert/strict';
import { openSse, openWs, range, startHarness, type Harness } from './harness.js';
import { MemoryFeed, expectedSeqs } from './memoryFeed.js';

function feedOf(n: number): MemoryFeed {
  const feed = new MemoryFeed({ ses_aaaa1111: 'a', ses_bbbb2222: 'b' }, { prj_1: 'web' });
  feed.appendMany(n, (i) => (i % 2 === 0 ? { sessionId: 'ses_aaaa1111', projectId: 'prj_1' } : { sessionId: 'ses_bbbb2222' }));
  return feed;
}

describe('SSE event stream', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('refuses a stream without a token with 401', async () => {
    h = await startHarness({ feed: feedOf(3) });
    await assert.rejects(openSse(h.port, null), { status: 401 });
  });

  it('refuses an unknown session with 404 and a malformed Last-Event-ID with 400', async () => {
    h = await startHarness({ feed: feedOf(3) });
    await assert.rejects(openSse(h.port, h.token, '?session=ses_zzz'), { status: 404 });
    await assert.rejects(openSse(h.port, h.token, '', { 'last-event-id': 'abc' }), { status: 400 });
  });

  it('sends each event with its seq as id and its type as event name, then live, then new events', async () => {
    h = await startHarness({ feed: feedOf(10) });
    const sse = await openSse(h.port, h.token);
    assert.match(String(sse.res.headers['content-type']), /^text\/event-stream/);
    await sse.log.untilLive();
    assert.deepEqual(sse.log.seqs, range(1, 10));
    assert.equal(sse.log.liveLastSeq, 10);
    h.feed.append();
    await sse.log.untilSeq(11);
    assert.deepEqual(sse.log.seqs, range(1, 11));
    sse.close();
  });

  it('gives a client with Last-Event-ID exactly the rest, preferring it over since', async () => {
    h = await startHarness({ feed: feedOf(50) });
    const sse = await openSse(h.port, h.token, '?since=10', { 'last-event-id': '40' });
    await sse.log.untilLive();
    assert.deepEqual(sse.log.seqs, range(41, 50));
    h.feed.appendMany(3);
    await sse.log.untilSeq(53);
    assert.deepEqual(sse.log.seqs, range(41, 53));
    sse.close();
  });

  it('honours since when there is no Last-Event-ID, with a session filter', async () => {
    h = await startHarness({ feed: feedOf(50) });
    const sse = await openSse(h.port, h.token, '?since=20&session=ses_aaaa');
    await sse.log.untilLive();
    assert.deepEqual(sse.log.seqs, expectedSeqs(h.feed, 20, { sessionId: 'ses_aaaa1111' }));
    sse.close();
  });

  it('has no gap and no duplicate while events are appended during the replay', async () => {
    h = await startHarness({ feed: feedOf(20_000), stream: { limits: { yieldEvery: 32 } } });
    const feed = h.feed;
    let running = true;
    let beforeLive = 0;
    const sse = await openSse(h.port, h.token);
    const tick = (): void => {
      if (!running) return;
      feed.append();
      if (sse.log.liveAt < 0) beforeLive++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await sse.log.untilLive();
    await sse.log.untilSeq(sse.log.liveLastSeq + 20);
    running = false;
    await sse.log.untilSeq(feed.lastSeq);
    assert.ok(beforeLive > 0, 'events were appended while the backlog was replaying');
    assert.deepEqual(sse.log.seqs, range(1, feed.lastSeq));
    sse.close();
  });

  it('sends heartbeat comments while idle', async () => {
    h = await startHarness({ feed: feedOf(1), stream: { sseHeartbeatMs: 20 } });
    const sse = await openSse(h.port, h.token);
    await sse.log.untilLive();
    await sse.log.until((l) => l.comments >= 2, 'two heartbeats');
    sse.close();
  });

  it('unsubscribes from the feed when the client disconnects', async () => {
    h = await startHarness({ feed: feedOf(5) });
    const sse = await openSse(h.port, h.token);
    await sse.log.untilLive();
    assert.equal(h.feed.listenerCount, 1);
    sse.close();
    await h.feed.whenNoListeners();
  });

  it('survives events appended while it shuts down', async () => {
    h = await startHarness({ feed: feedOf(5) });
    const sse = await openSse(h.port, h.token);
    const ws = await openWs(h.port, h.token);
    await sse.log.untilLive();
    await ws.log.untilLive();
    const closing = h.close();
    h.feed.appendMany(3);
    await closing;
    h = undefined;
    await sse.log.until((l) => l.closed !== null, 'the stream to end');
    await ws.log.until((l) => l.closed !== null, 'the socket to close');
  });

  it('ends open streams when the server closes', async () => {
    h = await startHarness({ feed: feedOf(5) });
    const sse = await openSse(h.port, h.token);
    await sse.log.untilLive();
    await h.close();
    h = undefined;
    await sse.log.until((l) => l.closed !== null, 'the stream to end');
  });
});
