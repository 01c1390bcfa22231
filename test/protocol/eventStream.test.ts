// The event stream client against a real `ws` server: resume after drops from the last seen
// seq, no duplicates when a server replays an overlap, a new endpoint after a daemon restart,
// and close() meaning close.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { EventStream, streamUrl, type StreamEvent, type StreamState } from '../../daemon/protocol/eventStream.js';
import { until } from '../support/until.js';

function ev(seq: number, sessionId = 's1'): StreamEvent {
  return { seq, type: 'log', sessionId, projectId: 'p1', time: '2025-01-01T00:00:00Z', payload: { level: 'info', message: `m${seq}` } };
}

interface Connection {
  ws: WebSocket;
  since: number;
  session: string | null;
  auth: string | undefined;
}

/** A stream server whose behaviour per connection the test decides. */
async function streamServer(onConnection: (c: Connection, index: number) => void) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const connections: Connection[] = [];
  wss.on('connection', (ws, req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://x');
    assert.equal(url.pathname, '/api/v1/stream');
    const c = { ws, since: Number(url.searchParams.get('since')), session: url.searchParams.get('session'), auth: req.headers.authorization };
    connections.push(c);
    onConnection(c, connections.length - 1);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

const send = (ws: WebSocket, frame: unknown) => ws.send(JSON.stringify(frame));

describe('event stream client', () => {
  it('builds the stream address from an http or ws base', () => {
    assert.equal(streamUrl('http://127.0.0.1:5', { since: 3, session: 'a b' }), 'ws://127.0.0.1:5/api/v1/stream?since=3&session=a+b');
    assert.equal(streamUrl('ws://127.0.0.1:5', { since: 0, project: 'p' }), 'ws://127.0.0.1:5/api/v1/stream?since=0&project=p');
  });

  it('reconnects after a drop with since = the last seen seq, and never repeats an event', async () => {
    const log = Array.from({ length: 10 }, (_, i) => ev(i + 1));
    const server = await streamServer((c, index) => {
      if (index === 0) {
        // Deliver 1..5, then drop the connection mid-backlog, without a close handshake.
        for (const e of log.slice(0, 5)) send(c.ws, { type: 'event', event: e });
        setTimeout(() => c.ws.terminate(), 20);
      } else {
        // A sloppy server that replays an overlap: the client must drop what it has seen.
        for (const e of log.filter((x) => x.seq > c.since - 2)) send(c.ws, { type: 'event', event: e });
        send(c.ws, { type: 'live', lastSeq: 10 });
        setTimeout(() => {
          send(c.ws, { type: 'event', event: ev(11) });
          send(c.ws, { type: 'event', event: ev(10) });
          send(c.ws, { type: 'event', event: ev(12) });
        }, 20);
      }
    });
    const seen: number[] = [];
    const states: StreamState[] = [];
    const lives: number[] = [];
    const stream = new EventStream({
      url: server.url,
      token: 'tok-0123456789abcdef',
      session: 's1',
      WebSocketImpl: WebSocket,
      backoff: { initialMs: 10, maxMs: 50 },
      onEvent: (e) => seen.push(e.seq),
      onLive: (n) => lives.push(n),
      onStateChange: (s) => states.push(s),
    });
    try {
      await until('twelve events', () => seen.length >= 12);
      assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      assert.equal(stream.lastSeq, 12);
      assert.deepEqual(
        server.connections.map((c) => c.since),
        [0, 5],
      );
      assert.deepEqual(
        server.connections.map((c) => c.session),
        ['s1', 's1'],
      );
      assert.ok(server.connections.every((c) => c.auth === 'Bearer tok-0123456789abcdef'));
      assert.deepEqual(lives, [10]);
      assert.deepEqual(states, ['connecting', 'backoff', 'connecting', 'live']);
    } finally {
      stream.close();
      await server.close();
    }
    assert.equal(stream.state, 'closed');
  });

  it('starts from the given since and keeps trying while the daemon is down', async () => {
    const first = await streamServer((c) => {
      send(c.ws, { type: 'event', event: ev(c.since + 1) });
      send(c.ws, { type: 'live', lastSeq: c.since + 1 });
    });
    const seen: number[] = [];
    let endpointAsked = 0;
    let next: { url: string; token: string } | null = null;
    const stream = new EventStream({
      url: first.url,
      token: 'first-token-0123456789',
      since: 41,
      WebSocketImpl: WebSocket,
      backoff: { initialMs: 10, maxMs: 20 },
      onEvent: (e) => seen.push(e.seq),
      // A restarted daemon has a new port and token: the caller re-reads its discovery file.
      resolveEndpoint: () => {
        endpointAsked++;
        return next ?? { url: first.url, token: 'first-token-0123456789' };
      },
    });
    try {
      await until('the first event', () => seen.length === 1);
      assert.deepEqual(seen, [42]);
      await first.close();
      await until('a few reconnect attempts while down', () => endpointAsked >= 2);
      const second = await streamServer((c) => {
        send(c.ws, { type: 'event', event: ev(c.since + 1) });
        send(c.ws, { type: 'live', lastSeq: c.since + 1 });
      });
      next = { url: second.url, token: 'second-token-012345678' };
      try {
        await until('the event from the restarted daemon', () => seen.length === 2);
        assert.deepEqual(seen, [42, 43]);
        assert.equal(second.connections[0]?.since, 42);
        assert.equal(second.connections[0]?.auth, 'Bearer second-token-012345678');
      } finally {
        stream.close();
        await second.close();
      }
    } finally {
      stream.close();
    }
  });

  it('reports malformed and error frames and keeps going', async () => {
    const server = await streamServer((c) => {
      c.ws.send('not json');
      send(c.ws, { type: 'event', event: { seq: 'x' } });
      send(c.ws, { type: 'error', code: 'not_found', message: 'no such session' });
      send(c.ws, { type: 'event', event: ev(1) });
      send(c.ws, { type: 'live', lastSeq: 1 });
    });
    const errors: string[] = [];
    const seen: number[] = [];
    const stream = new EventStream({
      url: server.url,
      token: 't'.repeat(16),
      WebSocketImpl: WebSocket,
      onEvent: (e) => seen.push(e.seq),
      onError: (e) => errors.push(e.message),
    });
    try {
      await until('live', () => stream.state === 'live');
      assert.deepEqual(seen, [1]);
      assert.equal(errors.length, 3);
      assert.equal(errors[2], 'no such session');
    } finally {
      stream.close();
      await server.close();
    }
  });

  it('close() stops for good: no reconnect, no more callbacks', async () => {
    const server = await streamServer((c) => send(c.ws, { type: 'live', lastSeq: 0 }));
    const seen: number[] = [];
    const stream = new EventStream({
      url: server.url,
      token: 't'.repeat(16),
      WebSocketImpl: WebSocket,
      backoff: { initialMs: 5, maxMs: 5 },
      onEvent: (e) => seen.push(e.seq),
    });
    try {
      await until('live', () => stream.state === 'live');
      stream.close();
      for (const c of server.connections) send(c.ws, { type: 'event', event: ev(1) });
      // The delay IS the thing under test: twenty backoff intervals (5 ms) in which a stream that
      // did not stop would have delivered the event or reconnected.
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(seen, []);
      assert.equal(server.connections.length, 1);
      assert.equal(stream.state, 'closed');
    } finally {
      await server.close();
    }
  });
});
