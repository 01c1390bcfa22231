import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ROUTES } from '../../daemon/protocol/routes.js';
import { CLOSE_TOO_SLOW } from '../../daemon/ws/streamServer.js';
import { sampleHealth } from './fixtures.js';
import { httpRequest, openWs, range, refusedUpgrade, startHarness, type Harness } from './harness.js';
import { MemoryFeed, expectedSeqs } from './memoryFeed.js';

const SESSIONS = { ses_aaaa1111: 'ses_aaaa', ses_bbbb2222: 'ses_bbbb' };
const PROJECTS = { prj_1: 'web', prj_2: 'api' };

function seededFeed(n: number): MemoryFeed {
  const feed = new MemoryFeed(SESSIONS, PROJECTS);
  feed.appendMany(n, (i) =>
    i % 3 === 0 ? { sessionId: 'ses_aaaa1111', projectId: 'prj_1' } : i % 3 === 1 ? { sessionId: 'ses_bbbb2222', projectId: 'prj_2' } : {},
  );
  return feed;
}

/**
 * Appends one event per turn of the event loop until stopped, interleaving with the server's
 * replay and the client's reading. Counts what it appended before the client saw `live`.
 */
function startAppender(feed: MemoryFeed, seed: (i: number) => Parameters<MemoryFeed['append']>[0], isLive: () => boolean) {
  let running = true;
  let i = 0;
  let beforeLive = 0;
  const tick = (): void => {
    if (!running) return;
    feed.append(seed(i++));
    if (!isLive()) beforeLive++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
    },
    get beforeLive() {
      return beforeLive;
    },
  };
}

describe('WebSocket event stream', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('refuses an upgrade without a token with 401 before upgrading', async () => {
    h = await startHarness({ feed: seededFeed(3) });
    const r = await refusedUpgrade(h.port, {});
    assert.equal(r.status, 401);
    assert.deepEqual((r.body as { error: { code: string } }).error.code, 'unauthorized');
    const wrong = await refusedUpgrade(h.port, { authorization: 'Bearer nope-nope-nope-nope' });
    assert.equal(wrong.status, 401);
  });

  it('refuses an upgrade with a non-loopback Host with 403', async () => {
    h = await startHarness({ feed: seededFeed(3) });
    const r = await refusedUpgrade(h.port, { authorization: `Bearer ${h.token}`, host: 'evil.example' });
    assert.equal(r.status, 403);
  });

  it('refuses an unknown session with 404 and a bad since with 400 naming it', async () => {
    h = await startHarness({ feed: seededFeed(3) });
    const auth = { authorization: `Bearer ${h.token}` };
    const unknown = await refusedUpgrade(h.port, auth, '?session=ses_zzzz');
    assert.equal(unknown.status, 404);
    const bad = await refusedUpgrade(h.port, auth, '?since=-4');
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { field: string } }).error.field, 'since');
  });

  it('sends the backlog, then live, then new events', async () => {
    h = await startHarness({ feed: seededFeed(20) });
    const { ws, log } = await openWs(h.port, h.token);
    await log.untilLive();
    assert.deepEqual(log.seqs, range(1, 20));
    assert.equal(log.liveLastSeq, 20);
    h.feed.append();
    h.feed.append();
    await log.untilSeq(22);
    assert.deepEqual(log.seqs, range(1, 22));
    ws.close();
  });

  it('streams only the filtered session, resolving a short-id prefix', async () => {
    h = await startHarness({ feed: seededFeed(30) });
    const { ws, log } = await openWs(h.port, h.token, '?session=ses_aaaa');
    await log.untilLive();
    const filter = { sessionId: 'ses_aaaa1111' };
    h.feed.append({ sessionId: 'ses_bbbb2222' });
    const last = h.feed.append({ sessionId: 'ses_aaaa1111' });
    await log.untilSeq(last.seq);
    assert.deepEqual(log.seqs, expectedSeqs(h.feed, 0, filter));
    ws.close();
  });

  it('streams only the filtered project, by slug', async () => {
    h = await startHarness({ feed: seededFeed(30) });
    const { ws, log } = await openWs(h.port, h.token, '?project=api&since=10');
    await log.untilLive();
    assert.deepEqual(log.seqs, expectedSeqs(h.feed, 10, { projectId: 'prj_2' }));
    ws.close();
  });

  for (const [what, limits, reads] of [
    ['while events are appended during the replay', {}, 1],
    ['even when the live buffer overflows during the replay', { maxPendingLive: 5 }, 2],
  ] as const) {
    it(`has no gap and no duplicate ${what}`, async () => {
      h = await startHarness({ feed: seededFeed(20_000), stream: { limits: { yieldEvery: 64, ...limits } } });
      const feed = h.feed;
      let live = false;
      let appender: ReturnType<typeof startAppender> | undefined;
      const { ws, log } = await openWs(h.port, h.token, '', () => {
        appender ??= startAppender(feed, () => ({ sessionId: 'ses_aaaa1111' }), () => live);
      });
      await log.untilLive();
      live = true;
      // Keep appending for a while after going live, then stop and wait for the tail.
      await log.untilSeq(log.liveLastSeq + 50);
      appender?.stop();
      await log.untilSeq(feed.lastSeq);
      assert.ok((appender?.beforeLive ?? 0) > 0, 'events were appended while the backlog was replaying');
      assert.deepEqual(log.seqs, range(1, feed.lastSeq));
      assert.ok(log.seqs.slice(0, log.liveAt).every((s) => s <= log.liveLastSeq));
      // With a tiny live buffer the pump drops it and reads the store again instead of growing.
      assert.ok(feed.replayCalls >= reads, `read the store ${feed.replayCalls} times`);
      if (reads === 1) assert.equal(feed.replayCalls, 1);
      ws.close();
    });
  }

  it('keeps a filter with no gap and no duplicate while other sessions write too', async () => {
    h = await startHarness({ feed: seededFeed(5000), stream: { limits: { yieldEvery: 16 } } });
    const feed = h.feed;
    let appender: ReturnType<typeof startAppender> | undefined;
    const { ws, log } = await openWs(h.port, h.token, '?session=ses_bbbb2222', () => {
      appender ??= startAppender(feed, (i) => ({ sessionId: i % 2 === 0 ? 'ses_aaaa1111' : 'ses_bbbb2222' }), () => log.liveAt >= 0);
    });
    await log.untilLive();
    await log.until((l) => l.seqs.length >= l.liveAt + 20, 'live events');
    appender?.stop();
    const want = expectedSeqs(feed, 0, { sessionId: 'ses_bbbb2222' });
    await log.untilSeq(want.at(-1) ?? 0);
    assert.ok((appender?.beforeLive ?? 0) > 0);
    assert.deepEqual(log.seqs, want);
    ws.close();
  });

  it('gives a reconnecting client with since=N exactly the rest', async () => {
    h = await startHarness({ feed: seededFeed(50) });
    const first = await openWs(h.port, h.token);
    await first.log.untilLive();
    const seen = first.log.seqs.at(-1) ?? 0;
    first.ws.close();
    await first.log.until((l) => l.closed !== null, 'close');
    h.feed.appendMany(10);
    const second = await openWs(h.port, h.token, `?since=${seen}`);
    await second.log.untilLive();
    assert.deepEqual(second.log.seqs, range(51, 60));
    assert.equal(second.log.liveLastSeq, 60);
    assert.deepEqual([...first.log.seqs, ...second.log.seqs], range(1, 60));
    second.ws.close();
  });

  it('replays 100,000 events and stays responsive meanwhile', async function () {
    this.timeout(120_000);
    h = await startHarness({ feed: seededFeed(100_000), handlers: { health: () => sampleHealth() } });
    const port = h.port;
    const token = h.token;
    let healthDuringReplay: Promise<number> | undefined;
    let count = 0;
    let ordered = true;
    let prev = 0;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const { ws, log } = await openWs(h.port, h.token, '', (seq) => {
      count++;
      if (seq !== prev + 1) ordered = false;
      prev = seq;
      if (count === 1000) {
        healthDuringReplay = httpRequest(port, { path: ROUTES.health.path, token }).then((r) => {
          // Answered while the replay is still running, not after it.
          assert.equal(log.liveAt, -1, 'health answered only after the replay finished');
          return r.status;
        });
      }
    });
    await log.untilLive();
    delay.disable();
    assert.equal(count, 100_000);
    assert.ok(ordered, 'events arrived in seq order without gaps');
    assert.equal(log.liveLastSeq, 100_000);
    assert.equal(await healthDuringReplay, 200);
    // The replay yields to the event loop: no single stall anywhere near the replay's length.
    assert.ok(delay.max < 500e6, `event loop blocked for ${Math.round(delay.max / 1e6)} ms`);
    ws.close();
  });

  it('pauses the replay while the client does not read, and finishes it when it does', async () => {
    const feed = new MemoryFeed();
    feed.appendMany(10_000, () => ({ message: 'y'.repeat(4096) }));
    h = await startHarness({ feed });
    const { ws, log } = await openWs(h.port, h.token);
    ws.pause();
    // Without backpressure the replay (256 events per turn) would be done in about 40 turns.
    await eventLoopTurns(1000);
    assert.ok(feed.replayed < 10_000, `the replay ran ahead to ${feed.replayed} events`);
    ws.resume();
    await log.untilLive();
    assert.deepEqual(log.seqs, range(1, 10_000));
    ws.close();
  });

  it('closes a consumer that falls too far behind with 1013, and it resumes without loss', async () => {
    h = await startHarness({ feed: seededFeed(5), stream: { limits: { maxLiveBufferedBytes: 256 * 1024 } } });
    const { ws, log } = await openWs(h.port, h.token);
    await log.untilLive();
    ws.pause();
    const big = 'x'.repeat(64 * 1024);
    // Synchronous appends: the kernel's socket buffers fill and the server's queue grows past the limit.
    for (let i = 0; i < 400 && h.feed.listenerCount > 0; i++) h.feed.append({ message: big });
    assert.equal(h.feed.listenerCount, 0, 'the slow consumer was unsubscribed');
    ws.resume();
    await log.until((l) => l.closed !== null, 'the close frame');
    assert.equal(log.closed?.code, CLOSE_TOO_SLOW);
    const resumeFrom = log.seqs.at(-1) ?? 0;
    assert.match(log.closed?.reason ?? '', new RegExp(`since=${resumeFrom}\\b`));
    assert.deepEqual(log.seqs, range(1, resumeFrom));
    const again = await openWs(h.port, h.token, `?since=${resumeFrom}`);
    await again.log.untilLive();
    assert.deepEqual([...log.seqs, ...again.log.seqs], range(1, h.feed.lastSeq));
    again.ws.close();
  });

  it('unsubscribes from the feed when the client goes away', async () => {
    h = await startHarness({ feed: seededFeed(5) });
    const { ws, log } = await openWs(h.port, h.token);
    await log.untilLive();
    assert.equal(h.feed.listenerCount, 1);
    ws.terminate();
    await h.feed.whenNoListeners();
  });

  it('terminates a client that stops answering pings', async () => {
    h = await startHarness({ feed: seededFeed(1), stream: { pingIntervalMs: 50 } });
    const { ws, log } = await openWs(h.port, h.token);
    await log.untilLive();
    // A client whose socket no longer reads cannot answer pings.
    ws.pause();
    await h.feed.whenNoListeners();
    ws.resume();
    await log.until((l) => l.closed !== null, 'the connection to drop');
  });

  it('says goodbye with 1001 when the server closes', async () => {
    h = await startHarness({ feed: seededFeed(1) });
    const { log } = await openWs(h.port, h.token);
    await log.untilLive();
    await h.close();
    h = undefined;
    await log.until((l) => l.closed !== null, 'close');
    assert.equal(log.closed?.code, 1001);
  });
});

function eventLoopTurns(n: number): Promise<void> {
  return new Promise((resolve) => {
    const turn = (left: number): void => {
      if (left === 0) resolve();
      else setImmediate(() => turn(left - 1));
    };
    turn(n);
  });
}
