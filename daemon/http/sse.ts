// The event stream as Server-Sent Events (`GET /api/v1/stream/events`), for clients that cannot
// open a WebSocket. Same replay-then-live pump as the WebSocket; a browser-style EventSource
// resumes by itself through `Last-Event-ID`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchboardError, fromZodError } from '../protocol/errors.js';
import type { SwitchboardEvent } from '../protocol/events.js';
import { StreamQuerySchema } from '../protocol/frames.js';
import type { Logger } from '../system/logger.js';
import type { EventFeed } from '../ws/eventFeed.js';
import { startEventPump, type EventSink, type PumpLimits } from '../ws/eventPump.js';
import { queryObject } from './router.js';

export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
/** Resume below this many queued bytes after the replay paused for backpressure. */
const LOW_WATER_BYTES = 256 * 1024;

export interface SseEndpointOptions {
  feed: EventFeed;
  logger: Logger;
  heartbeatMs?: number;
  limits?: Partial<PumpLimits>;
}

export interface SseEndpoint {
  /** Validates the request (throwing a SwitchboardError before any byte is written), then streams. */
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void;
  /** Ends every open stream (daemon shutdown). */
  closeAll(): void;
  readonly openCount: number;
}

export function createSseEndpoint(opts: SseEndpointOptions): SseEndpoint {
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS;
  const open = new Set<ServerResponse>();

  const handle = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void => {
    const raw: Record<string, string> = queryObject(query);
    // The browser's automatic reconnect sends Last-Event-ID; it knows better than the URL it reuses.
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header)?.trim();
    if (lastEventId) {
      if (!/^\d+$/.test(lastEventId)) {
        throw new SwitchboardError('invalid_request', 'Last-Event-ID must be the seq of an event', 'Last-Event-ID');
      }
      raw.since = lastEventId;
    }
    const parsed = StreamQuerySchema.safeParse(raw);
    if (!parsed.success) throw fromZodError(parsed.error, 'query');
    const filter = opts.feed.resolveFilter({ session: parsed.data.session, project: parsed.data.project });
    if (!filter) throw new SwitchboardError('not_found', 'no such session or project to stream');

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies that buffer responses would hold events back.
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    res.write('retry: 1000\n\n');
    open.add(res);

    const sink = sseSink(res);
    const pump = startEventPump({
      feed: opts.feed,
      since: parsed.data.since,
      filter,
      sink,
      logger: opts.logger,
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
    // Comments keep idle connections from being reaped by proxies and reveal dead peers.
    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain && !res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
    }, heartbeatMs);
    heartbeat.unref();
    res.on('error', (err) => opts.logger.debug('sse: response error', { err }));
    res.on('close', () => {
      clearInterval(heartbeat);
      pump.stop();
      open.delete(res);
    });
  };

  return {
    handle,
    closeAll() {
      for (const res of open) res.end();
    },
    get openCount() {
      return open.size;
    },
  };
}

/** One SSE message per event: the seq as `id` (what Last-Event-ID echoes), the type as `event`. */
export function formatSseEvent(e: SwitchboardEvent): string {
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

function sseSink(res: ServerResponse): EventSink {
  const closed = (): boolean => res.destroyed || res.writableEnded;
  return {
    // Writing after end() would raise an 'error' event; between end() and 'close' events can still come.
    send: (e) => {
      if (!closed()) res.write(formatSseEvent(e));
    },
    // No `id:` line, so the client's last event id stays that of the last real event.
    live: (lastSeq) => {
      if (!closed()) res.write(`event: live\ndata: ${JSON.stringify({ lastSeq })}\n\n`);
    },
    bufferedAmount: () => res.writableLength,
    drained: () =>
      new Promise<void>((resolve) => {
        if (closed() || res.writableLength <= LOW_WATER_BYTES || !res.writableNeedDrain) return resolve();
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      }),
    isClosed: closed,
    // The queued bytes would take as long to drain as the client is behind; dropping the
    // connection frees them now, and the client resumes from its Last-Event-ID.
    closeSlow: () => res.destroy(),
    fail: () => {
      if (closed()) return;
      res.end(`event: error\ndata: ${JSON.stringify({ code: 'internal', message: 'could not read the event log' })}\n\n`);
    },
  };
}
