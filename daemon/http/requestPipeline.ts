// One request's way through the API server: raw routes (after the loopback Host check), else
// Host → token → route → body under its cap → params, query and body validated by the route's
// schemas → handler → JSON; one WebSocket upgrade's way to the event stream. Errors become a
// status in one place (respond.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import { SwitchboardError, fromZodError } from '../protocol/errors.js';
import { ROUTES, STREAM_SSE_PATH, STREAM_WS_PATH, type RouteName } from '../protocol/routes.js';
import type { Logger } from '../system/logger.js';
import { rejectUpgrade, type createStreamServer } from '../ws/streamServer.js';
import { readJsonBody } from './body.js';
import type { ApiHandlers } from './handlers.js';
import { checkRequest, isLoopbackHost } from './requestGuard.js';
import { errorResponse, sendError, sendJson, sendText } from './respond.js';
import { queryObject, splitTarget, type createRouter } from './router.js';
import type { createSseEndpoint } from './sse.js';
import type { ApiMetrics, RawRoutes } from './server.js';

type AnyHandler = (input: { params: unknown; query: unknown; body: unknown }) => unknown;

export interface RequestPipelineOptions {
  token: string;
  handlers: ApiHandlers;
  raw?: RawRoutes;
  logger: Logger;
  maxBodyBytes: number;
  validateResponses?: boolean;
  metrics?: ApiMetrics;
  route: ReturnType<typeof createRouter>;
  sse: ReturnType<typeof createSseEndpoint>;
  ws: ReturnType<typeof createStreamServer>;
}

export class RequestPipeline {
  constructor(private readonly o: RequestPipelineOptions) {}

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { logger } = this.o;
    const started = performance.now();
    res.on('finish', () => {
      logger.debug('request', {
        method: req.method,
        path: splitTarget(req.url).pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    // 'close' rather than 'finish': an SSE stream or a request the client gave up never finishes.
    const { metrics } = this.o;
    if (metrics) res.once('close', () => metrics.requestAnswered({ method: req.method, route: this.routeLabel(req), status: res.headersSent ? res.statusCode : null }));
    this.handle(req, res).catch((err: unknown) => {
      const headers: Record<string, string> = {};
      if (SwitchboardError.is(err, 'method_not_allowed') && typeof err.details?.allow === 'string') {
        headers.allow = err.details.allow;
      }
      // A body we stopped reading is still in the socket: close it after answering rather than
      // reading the rest just to keep the connection alive.
      if (!req.complete) headers.connection = 'close';
      sendError(res, err, logger, headers);
    });
  }

  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (err) => this.o.logger.debug('upgrade socket error', { err }));
    try {
      const raw = this.rawRouteOf(req);
      if (raw) return raw.routes.upgrade(req, socket, head, raw.pathname, raw.query);
      const denied = checkRequest(req, this.o.token);
      if (denied) throw denied;
      const { pathname, query } = splitTarget(req.url);
      if (pathname !== STREAM_WS_PATH) throw new SwitchboardError('not_found', `no WebSocket endpoint at ${pathname}`);
      this.o.ws.handleUpgrade(req, socket, head, query);
    } catch (err) {
      const { status, body } = errorResponse(err, this.o.logger);
      rejectUpgrade(socket, status, body);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = this.rawRouteOf(req);
    if (raw) return raw.routes.request(req, res, raw.pathname, raw.query);
    const denied = checkRequest(req, this.o.token);
    if (denied) throw denied;
    const { pathname, query } = splitTarget(req.url);
    if (pathname === STREAM_SSE_PATH) {
      if (req.method !== 'GET') throw methodNotAllowed(['GET']);
      this.o.sse.handle(req, res, query);
      return;
    }
    if (pathname === STREAM_WS_PATH) {
      throw new SwitchboardError('invalid_request', `${STREAM_WS_PATH} is a WebSocket endpoint; send an Upgrade request`);
    }
    const match = this.o.route(req.method ?? 'GET', pathname);
    if (match.kind === 'none') throw new SwitchboardError('not_found', `no route for ${pathname}`);
    if (match.kind === 'wrong_method') throw methodNotAllowed(match.allow);
    const descriptor = ROUTES[match.name];
    const params = parse(descriptor.params, match.params, 'params');
    const parsedQuery = parse(descriptor.query, queryObject(query), 'query');
    const body = parse(descriptor.body, await readJsonBody(req, this.o.maxBodyBytes), 'body');
    const result = await this.callHandler(match.name, { params, query: parsedQuery, body });
    if (descriptor.contentType !== undefined) sendText(res, 200, descriptor.contentType, String(result));
    else sendJson(res, 200, result);
  }

  /**
   * The route a request was for, as a metric label: a route name, `stream`/`streamEvents`, `raw`
   * (desktop, port proxy) or `unmatched` — never the path, which would make one series per id.
   */
  private routeLabel(req: IncomingMessage): string {
    const { pathname } = splitTarget(req.url);
    if (pathname === STREAM_SSE_PATH) return 'streamEvents';
    if (pathname === STREAM_WS_PATH) return 'stream';
    if (this.o.raw?.owns(pathname)) return 'raw';
    try {
      const match = this.o.route(req.method ?? 'GET', pathname);
      return match.kind === 'route' ? match.name : 'unmatched';
    } catch {
      return 'unmatched'; // a path the router refuses (bad percent-encoding)
    }
  }

  private async callHandler(name: RouteName, input: { params: unknown; query: unknown; body: unknown }): Promise<unknown> {
    // The one untyped step: the router produced `name`, and the inputs were parsed by that same
    // route's schemas, so they have the types ApiHandlers[name] expects.
    const handler = this.o.handlers[name] as AnyHandler;
    const result = await handler(input);
    if (this.o.validateResponses) {
      const checked = ROUTES[name].response.safeParse(result);
      if (!checked.success) {
        this.o.logger.error('handler answered outside its response schema', { route: name, issues: checked.error.issues });
        throw new Error(`response of ${name} does not match its schema`);
      }
    }
    return result;
  }

  /** The raw routes owning this request's path (after the loopback Host check), if any. */
  private rawRouteOf(req: IncomingMessage): { routes: RawRoutes; pathname: string; query: URLSearchParams } | null {
    if (!this.o.raw) return null;
    const { pathname, query } = splitTarget(req.url);
    if (!this.o.raw.owns(pathname)) return null;
    if (!isLoopbackHost(req.headers.host)) throw new SwitchboardError('forbidden', 'the Host header must name a loopback address');
    return { routes: this.o.raw, pathname, query };
  }
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
