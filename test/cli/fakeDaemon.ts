// A small real HTTP + WebSocket server that speaks the protocol for the routes a test scripts,
// with a discovery file in a temp state dir. It lets the CLI be tested over real sockets before
// (and independently of) the real daemon; the end-to-end test drives the real one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { DISCOVERY_FILE } from '../../daemon/protocol/discovery.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { StreamEvent } from '../../daemon/protocol/eventStream.js';
import { ROUTES, STREAM_WS_PATH, type RouteName, type RouteResponse } from '../../daemon/protocol/routes.js';

export interface FakeRequest {
  route: RouteName;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

type Handler<K extends RouteName> = (req: FakeRequest) => RouteResponse<K> | Promise<RouteResponse<K>>;

const compiled = (Object.keys(ROUTES) as RouteName[]).map((name) => {
  const r = ROUTES[name];
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      r.path.replace(/:([a-zA-Z]+)/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '$',
  );
  return { name, method: r.method, re, names };
});

export class FakeDaemon {
  readonly token = 'fake-token-0123456789abcdef';
  readonly requests: FakeRequest[] = [];
  readonly events: StreamEvent[] = [];
  readonly #handlers = new Map<RouteName, (req: FakeRequest) => unknown>();
  readonly #sockets = new Set<{ ws: WebSocket; session: string | null }>();
  readonly #wss = new WebSocketServer({ noServer: true });

  private constructor(
    readonly home: string,
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeDaemon> {
    const home = mkdtempSync(join(tmpdir(), 'sb-cli-home-'));
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const d = new FakeDaemon(home, server, port);
    server.on('request', (req, res) => void d.#serve(req, res));
    server.on('upgrade', (req, socket, head) => d.#upgrade(req, socket, head));
    writeFileSync(
      join(home, DISCOVERY_FILE),
      JSON.stringify({ pid: process.pid, port, token: d.token, version: '0.0.0-test', startedAt: new Date().toISOString() }),
    );
    return d;
  }

  on<K extends RouteName>(name: K, handler: Handler<K>): this {
    this.#handlers.set(name, handler as (req: FakeRequest) => unknown);
    return this;
  }

  /** Appends an event and sends it to every live stream that matches. */
  emit(event: StreamEvent): void {
    this.events.push(event);
    for (const s of this.#sockets) {
      if (s.session === null || s.session === event.sessionId) s.ws.send(JSON.stringify({ type: 'event', event }));
    }
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.ws.terminate();
    this.#wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    rmSync(this.home, { recursive: true, force: true });
  }

  #authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${this.token}`;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (!this.#authorized(req)) throw new SwitchboardError('unauthorized', 'missing or wrong bearer token');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = compiled
        .map((c) => ({ c, m: c.method === req.method ? c.re.exec(url.pathname) : null }))
        .find((x) => x.m !== null);
      if (!match || !match.m) throw new SwitchboardError('not_found', `no route ${req.method} ${url.pathname}`);
      const params: Record<string, string> = {};
      match.c.names.forEach((n, i) => (params[n] = decodeURIComponent(match.m?.[i + 1] ?? '')));
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeRequest = {
        route: match.c.name,
        params,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
      };
      this.requests.push(request);
      const handler = this.#handlers.get(match.c.name);
      if (!handler) throw new SwitchboardError('not_found', `the fake daemon has no handler for ${match.c.name}`);
      send(200, await handler(request));
    } catch (err) {
      const e = err instanceof SwitchboardError ? err : new SwitchboardError('internal', String(err));
      send(e.status, e.toBody());
    }
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== STREAM_WS_PATH || !this.#authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const since = Number(url.searchParams.get('since') ?? '0');
    const session = url.searchParams.get('session');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const entry = { ws, session };
      for (const e of this.events) {
        if (e.seq > since && (session === null || e.sessionId === session)) ws.send(JSON.stringify({ type: 'event', event: e }));
      }
      ws.send(JSON.stringify({ type: 'live', lastSeq: this.events.at(-1)?.seq ?? 0 }));
      this.#sockets.add(entry);
      ws.on('close', () => this.#sockets.delete(entry));
    });
  }
}
