// The daemon's HTTP server: one pipeline for every request and WebSocket upgrade.
//   Host is loopback (403) → bearer token (401) → route by method and path (404/405) → JSON body
//   under a byte cap (413/400) → params, query and body validated by the route's schemas (400
//   naming the field) → handler → JSON answer. Errors become a status in one place (respond.ts).
// No CORS headers are ever sent: browsers therefore keep web pages out, on top of the token.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import { SwitchboardError, fromZodError } from '../protocol/errors.js';
import { MAX_BODY_BYTES, ROUTES, STREAM_SSE_PATH, STREAM_WS_PATH, type RouteName } from '../protocol/routes.js';
import type { Logger } from '../system/logger.js';
import type { EventFeed } from '../ws/eventFeed.js';
import type { PumpLimits } from '../ws/eventPump.js';
import { createStreamServer, rejectUpgrade } from '../ws/streamServer.js';
import { readJsonBody } from './body.js';
import type { ApiHandlers } from './handlers.js';
import { checkRequest, isLoopbackHost } from './requestGuard.js';
import { errorResponse, sendError, sendJson } from './respond.js';
import { createRouter, queryObject, splitTarget } from './router.js';
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

type AnyHandler = (input: { params: unknown; query: unknown; body: unknown }) => unknown;

export function createApiServer(opts: ApiServerOptions): ApiServer {
  if (opts.token.length < 16) throw new Error('the API token is too short to be a secret');
  const { token, logger } = opts;
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const route = createRouter();
  const streamLimits = opts.stream?.limits ? { limits: opts.stream.limits } : {};
  const sse = createSseEndpoint({
    feed: opts.feed,
    logger: logger.child({ component: 'sse' }),
    ...(opts.stream?.sseHeartbeatMs !== undefined ? { heartbeatMs: opts.stream.sseHeartbeatMs } : {}),
    ...streamLimits,
  });
  const ws = createStreamServer({
    feed: opts.feed,
    logger: logger.child({ component: 'ws' }),
    ...(opts.stream?.pingIntervalMs !== undefined ? { pingIntervalMs: opts.stream.pingIntervalMs } : {}),
    ...streamLimits,
  });

  const callHandler = async (name: RouteName, input: { params: unknown; query: unknown; body: unknown }): Promise<unknown> => {
    // The one untyped step: the router produced `name`, and the inputs were parsed by that same
    // route's schemas, so they have the types ApiHandlers[name] expects.
    const handler = opts.handlers[name] as AnyHandler;
    const result = await handler(input);
    if (opts.validateResponses) {
      const checked = ROUTES[name].response.safeParse(result);
      if (!checked.success) {
        logger.error('handler answered outside its response schema', { route: name, issues: checked.error.issues });
        throw new Error(`response of ${name} does not match its schema`);
      }
    }
    return result;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = rawRouteOf(req);
    if (raw) return raw.routes.request(req, res, raw.pathname, raw.query);
    const denied = checkRequest(req, token);
    if (denied) throw denied;
    const { pathname, query } = splitTarget(req.url);
    if (pathname === STREAM_SSE_PATH) {
      if (req.method !== 'GET') throw methodNotAllowed(['GET']);
      sse.handle(req, res, query);
      return;
    }
    if (pathname === STREAM_WS_PATH) {
      throw new SwitchboardError('invalid_request', `${STREAM_WS_PATH} is a WebSocket endpoint; send an Upgrade request`);
    }
    const match = route(req.method ?? 'GET', pathname);
    if (match.kind === 'none') throw new SwitchboardError('not_found', `no route for ${pathname}`);
    if (match.kind === 'wrong_method') throw methodNotAllowed(match.allow);
    const descriptor = ROUTES[match.name];
    const params = parse(descriptor.params, match.params, 'params');
    const parsedQuery = parse(descriptor.query, queryObject(query), 'query');
    const body = parse(descriptor.body, await readJsonBody(req, maxBodyBytes), 'body');
    const result = await callHandler(match.name, { params, query: parsedQuery, body });
    sendJson(res, 200, result);
  };

  /** The raw routes owning this request's path (after the loopback Host check), if any. */
  const rawRouteOf = (req: IncomingMessage): { routes: RawRoutes; pathname: string; query: URLSearchParams } | null => {
    if (!opts.raw) return null;
    const { pathname, query } = splitTarget(req.url);
    if (!opts.raw.owns(pathname)) return null;
    if (!isLoopbackHost(req.headers.host)) throw new SwitchboardError('forbidden', 'the Host header must name a loopback address');
    return { routes: opts.raw, pathname, query };
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    res.on('finish', () => {
      logger.debug('request', {
        method: req.method,
        path: splitTarget(req.url).pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    handle(req, res).catch((err: unknown) => {
      const headers: Record<string, string> = {};
      if (SwitchboardError.is(err, 'method_not_allowed') && typeof err.details?.allow === 'string') {
        headers.allow = err.details.allow;
      }
      // A body we stopped reading is still in the socket: close it after answering rather than
      // reading the rest just to keep the connection alive.
      if (!req.complete) headers.connection = 'close';
      sendError(res, err, logger, headers);
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (err) => logger.debug('upgrade socket error', { err }));
    try {
      const raw = rawRouteOf(req);
      if (raw) return raw.routes.upgrade(req, socket, head, raw.pathname, raw.query);
      const denied = checkRequest(req, token);
      if (denied) throw denied;
      const { pathname, query } = splitTarget(req.url);
      if (pathname !== STREAM_WS_PATH) throw new SwitchboardError('not_found', `no WebSocket endpoint at ${pathname}`);
      ws.handleUpgrade(req, socket, head, query);
    } catch (err) {
      const { status, body } = errorResponse(err, logger);
      rejectUpgrade(socket, status, body);
    }
  };

  const server = http.createServer(onRequest);
  server.on('upgrade', onUpgrade);
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

function parse(schema: z.ZodType, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZodError(r.error, where);
  return r.data;
}

function methodNotAllowed(allow: string[]): SwitchboardError {
  return new SwitchboardError('method_not_allowed', `use ${allow.join(' or ')} on this path`, undefined, {
    allow: allow.join(', '),
  });
}
