// The daemon's HTTP server: the event streams (WS, SSE) and one pipeline (requestPipeline.ts) for
// every request and WebSocket upgrade:
//   Host is loopback (403) → bearer token (401) → route by method and path (404/405) → JSON body
//   under a byte cap (413/400) → params, query and body validated by the route's schemas (400
//   naming the field) → handler → JSON answer. Errors become a status in one place (respond.ts).
// No CORS headers are ever sent: browsers therefore keep web pages out, on top of the token.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_BODY_BYTES } from '../protocol/routes.js';
import type { Logger } from '../system/logger.js';
import type { StreamTransport } from '../system/metrics.js';
import type { EventFeed } from '../ws/eventFeed.js';
import type { PumpLimits } from '../ws/eventPump.js';
import { meteredFeed, type StreamMeter } from '../ws/meteredFeed.js';
import { createStreamServer } from '../ws/streamServer.js';
import type { ApiHandlers } from './handlers.js';
import { RequestPipeline } from './requestPipeline.js';
import { createRouter } from './router.js';
import { createSseEndpoint } from './sse.js';

export const LOOPBACK_ADDRESS = '127.0.0.1';

/**
 * Non-JSON endpoints (the desktop page and its VNC WebSocket, the port proxy). A browser cannot
 * send the bearer token there, so they authenticate on their own (short-lived tickets); the
 * loopback Host check still applies.
 */
export interface RawRoutes {
  owns(pathname: string): boolean;
  request(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void>;
  /** Throws a SwitchboardError to refuse the upgrade. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string, query: URLSearchParams): void;
}

/** What the server reports to the daemon's metrics (daemon/system/metrics.ts implements it). */
export interface ApiMetrics extends StreamMeter {
  /** Every request once its connection is done with it; `status` null when no answer went out. */
  requestAnswered(r: { method: string | undefined; route: string; status: number | null }): void;
}

export interface ApiServerOptions {
  token: string;
  handlers: ApiHandlers;
  raw?: RawRoutes;
  feed: EventFeed;
  logger: Logger;
  maxBodyBytes?: number;
  /**
   * Check each handler result against its route's response schema and answer 500 on a mismatch.
   * Off on the hot path; tests and development turn it on to catch handlers drifting from the contract.
   */
  validateResponses?: boolean;
  /** Requests, stream subscribers and replays are counted here when given. */
  metrics?: ApiMetrics;
  stream?: {
    pingIntervalMs?: number;
    sseHeartbeatMs?: number;
    limits?: Partial<PumpLimits>;
  };
}

export interface ApiServer {
  server: http.Server;
  /** Listens on 127.0.0.1 only; `0` picks a free port. Resolves to the actual port. */
  listen(port: number): Promise<number>;
  /** Ends streams, refuses new work and closes every connection. */
  close(): Promise<void>;
}

export function createApiServer(opts: ApiServerOptions): ApiServer {
  if (opts.token.length < 16) throw new Error('the API token is too short to be a secret');
  const { logger } = opts;
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const route = createRouter();
  const streamLimits = opts.stream?.limits ? { limits: opts.stream.limits } : {};
  const { metrics } = opts;
  const feedFor = (transport: StreamTransport): EventFeed => (metrics ? meteredFeed(opts.feed, metrics, transport) : opts.feed);
  const sse = createSseEndpoint({
    feed: feedFor('sse'),
    logger: logger.child({ component: 'sse' }),
    ...(opts.stream?.sseHeartbeatMs !== undefined ? { heartbeatMs: opts.stream.sseHeartbeatMs } : {}),
    ...streamLimits,
  });
  const ws = createStreamServer({
    feed: feedFor('ws'),
    logger: logger.child({ component: 'ws' }),
    ...(opts.stream?.pingIntervalMs !== undefined ? { pingIntervalMs: opts.stream.pingIntervalMs } : {}),
    ...streamLimits,
  });

  const pipeline = new RequestPipeline({ ...opts, maxBodyBytes, route, sse, ws });
  const server = http.createServer((req, res) => pipeline.onRequest(req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => pipeline.onUpgrade(req, socket, head));
  server.on('clientError', (err, socket) => {
    logger.debug('malformed request', { err });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  return {
    server,
    listen: (port) =>
      new Promise<number>((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        server.once('error', onError);
        server.listen(port, LOOPBACK_ADDRESS, () => {
          server.off('error', onError);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: async () => {
      sse.closeAll();
      await ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

