// The event stream over WebSocket (`/api/v1/stream?since=&session=&project=`). The HTTP server's
// pipeline has already checked Host and token before handing an upgrade here; this file checks
// the query, refuses with an HTTP status before upgrading, then runs the replay-then-live pump.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { SwitchboardError, fromZodError, type ErrorBody } from '../protocol/errors.js';
import { StreamQuerySchema, type ServerFrame } from '../protocol/frames.js';
import type { Logger } from '../system/logger.js';
import type { EventFeed } from './eventFeed.js';
import { startEventPump, type EventSink, type PumpLimits } from './eventPump.js';

export const DEFAULT_PING_INTERVAL_MS = 30_000;
/** Close code for a consumer that fell too far behind ("try again later"). */
export const CLOSE_TOO_SLOW = 1013;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INTERNAL = 1011;
/** Resume the replay below this many queued bytes after pausing for backpressure. */
const LOW_WATER_BYTES = 256 * 1024;
/** How long shutdown waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1000;

export interface StreamServerOptions {
  feed: EventFeed;
  logger: Logger;
  pingIntervalMs?: number;
  limits?: Partial<PumpLimits>;
}

export interface StreamServer {
  /** Completes an upgrade that passed the Host and token checks, or refuses it with an HTTP status. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void;
  close(): Promise<void>;
  readonly clientCount: number;
}

/** Answers an upgrade request with a plain HTTP error (the same JSON body as any route) and hangs up. */
export function rejectUpgrade(socket: Duplex, status: number, body: ErrorBody): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body);
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      extra +
      'Connection: close\r\n\r\n' +
      text,
  );
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}

export function createStreamServer(opts: StreamServerOptions): StreamServer {
  const { feed, logger } = opts;
  // The server only speaks; clients send nothing but control frames, so a tiny payload cap.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  // One timer for all clients: a client that has not answered the previous ping is gone.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
  pinger.unref();

  const handleUpgrade: StreamServer['handleUpgrade'] = (req, socket, head, query) => {
    const parsed = StreamQuerySchema.safeParse(Object.fromEntries(query.entries()));
    const filter = parsed.success ? feed.resolveFilter({ session: parsed.data.session, project: parsed.data.project }) : null;
    if (!parsed.success || !filter) {
      const err = parsed.success
        ? new SwitchboardError('not_found', 'no such session or project to stream')
        : fromZodError(parsed.error, 'query');
      rejectUpgrade(socket, err.status, err.toBody());
      return;
    }
    const since = parsed.data.since;
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('error', (err) => logger.debug('stream: socket error', { err }));
      // Clients have nothing to say on this socket; their messages are ignored.
      const pump = startEventPump({
        feed,
        since,
        filter,
        sink: wsSink(ws),
        logger,
        ...(opts.limits ? { limits: opts.limits } : {}),
      });
      ws.on('close', () => pump.stop());
    });
  };

  return {
    handleUpgrade,
    get clientCount() {
      return wss.clients.size;
    },
    async close() {
      clearInterval(pinger);
      const clients = [...wss.clients];
      await Promise.all(clients.map((ws) => closeGracefully(ws)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function closeGracefully(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(CLOSE_GOING_AWAY, 'daemon shutting down');
  });
}

function frame(f: ServerFrame): string {
  return JSON.stringify(f);
}

/**
 * A live event is the same object for every subscriber: serialize it once, not once per socket
 * (B3 in docs/benchmarks.md measured the repeats).
 */
const eventFrames = new WeakMap<object, string>();
function eventFrame(event: ServerFrame & { type: 'event' }): string {
  let text = eventFrames.get(event.event);
  if (text === undefined) {
    text = frame(event);
    eventFrames.set(event.event, text);
  }
  return text;
}

/**
 * Holds a socket's writes until the end of this turn of the event loop, so a burst of frames
 * leaves in one system call instead of one each (the largest cost in B3/B6 profiles). `ws` has
 * no public cork, hence its underlying socket.
 */
function corkForThisTick(ws: WebSocket, state: { corked: boolean }): void {
  if (state.corked) return;
  const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  if (!socket) return;
  state.corked = true;
  socket.cork();
  process.nextTick(() => {
    state.corked = false;
    socket.uncork();
  });
}

function wsSink(ws: WebSocket): EventSink {
  const waiters: Array<() => void> = [];
  const release = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  // One shared callback, not a closure per message: a 100,000-event replay sends 100,000 of them.
  // ws calls it once the frame is handed to the OS, which is when bufferedAmount drops.
  const onWritten = (err?: Error): void => {
    if (waiters.length > 0 && (err || ws.bufferedAmount <= LOW_WATER_BYTES)) release();
  };
  ws.once('close', release);
  const open = (): boolean => ws.readyState === WebSocket.OPEN;
  const cork = { corked: false };
  return {
    send: (event) => {
      if (!open()) return;
      corkForThisTick(ws, cork);
      ws.send(eventFrame({ type: 'event', event }), onWritten);
    },
    live: (lastSeq) => {
      if (open()) ws.send(frame({ type: 'live', lastSeq }), onWritten);
    },
    bufferedAmount: () => ws.bufferedAmount,
    drained: () =>
      new Promise<void>((resolve) => {
        if (!open() || ws.bufferedAmount <= LOW_WATER_BYTES) return resolve();
        waiters.push(resolve);
      }),
    isClosed: () => !open(),
    closeSlow: (lastSeq) => ws.close(CLOSE_TOO_SLOW, `too slow; reconnect with since=${lastSeq}`),
    fail: () => {
      if (open()) ws.send(frame({ type: 'error', code: 'internal', message: 'could not read the event log' }));
      ws.close(CLOSE_INTERNAL, 'event log unavailable');
    },
  };
}
