// The port proxy: `/proxy/{port}/…` (HTTP and WebSocket) reaches a server listening on
// 127.0.0.1:{port} inside a user's computer container, through a unix-socket forwarder (see
// containers/portForwarder.ts), so the container needs no network.
//
// Who may use it: the bearer token (CLI, extension; the user is `X-Switchboard-User` or the
// daemon's own), or a desktop ticket in `?ticket=` (a browser), which is traded for an HttpOnly
// cookie scoped to /proxy/ and a redirect to the same URL without it, so the proxied page's own
// relative links keep working. The daemon's token and cookie never reach the proxied server.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { SwitchboardError } from '../protocol/errors.js';
import { UserNameSchema } from '../protocol/containerEntities.js';
import type { Logger } from '../system/logger.js';
import type { DesktopTickets } from './desktopTickets.js';
import { hasBearerToken } from './requestGuard.js';

export const PROXY_PREFIX = '/proxy/';
const COOKIE = 'switchboard_proxy';
const USER_HEADER = 'x-switchboard-user';
/** Hop-by-hop headers (RFC 9110 §7.6.1) and ours: never forwarded. */
const DROP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'authorization', USER_HEADER, 'host']);

export interface ProxyServerDeps {
  token: string;
  defaultUser: string;
  tickets: DesktopTickets;
  /** A host unix socket reaching 127.0.0.1:`port` in `user`'s computer container (containers/' PortForwarders has this). */
  forwarders: { socketFor(user: string, port: number): Promise<string> };
  logger: Logger;
}

interface Target {
  port: number;
  /** The path inside the container, query included (ticket removed). */
  path: string;
}

export class ProxyServer {
  /** Upgraded (WebSocket) connections: spliced raw sockets the HTTP server no longer closes for us. */
  private readonly tunnels = new Set<Duplex>();

  constructor(private readonly d: ProxyServerDeps) {}

  /** Ends every proxied WebSocket (daemon shutdown). */
  close(): void {
    for (const s of this.tunnels) s.destroy();
    this.tunnels.clear();
  }

  owns(pathname: string): boolean {
    return pathname.startsWith(PROXY_PREFIX);
  }

  async request(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
    const target = targetOf(pathname, query);
    const ticketUser = this.d.tickets.check(query.get('ticket'));
    if (ticketUser) {
      // Trade the ticket for a cookie and drop it from the URL the page (and its history) keeps.
      const cookie = this.d.tickets.issueCookie(ticketUser);
      res.writeHead(302, {
        location: `${PROXY_PREFIX}${target.port}${target.path}`,
        'set-cookie': `${COOKIE}=${cookie}; Path=${PROXY_PREFIX}; HttpOnly; SameSite=Lax`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    const user = this.userOf(req);
    const socketPath = await this.d.forwarders.socketFor(user, target.port);
    await new Promise<void>((resolve) => {
      const upstream = http.request({ socketPath, method: req.method, path: target.path, headers: forwardHeaders(req.headers, target.port) }, (up) => {
        res.writeHead(up.statusCode ?? 502, stripHopByHop(up.headers));
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', () => resolve());
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) {
          const e = new SwitchboardError('agent_failed', `nothing answered on port ${target.port} in ${user}'s computer container (${err.message})`);
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify(e.toBody()));
        } else res.destroy();
        resolve();
      });
      req.pipe(upstream);
    });
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string, query: URLSearchParams): void {
    const target = targetOf(pathname, query);
    const user = this.d.tickets.check(query.get('ticket')) ?? this.userOf(req);
    void this.d.forwarders
      .socketFor(user, target.port)
      .then((socketPath) => {
        const upstream = net.connect(socketPath, () => {
          const lines = [`${req.method ?? 'GET'} ${target.path} HTTP/1.1`, `host: 127.0.0.1:${target.port}`];
          for (const [k, v] of Object.entries(req.headers)) {
            if (k === 'host' || k === 'authorization' || k === USER_HEADER || v === undefined) continue;
            const value = k === 'cookie' ? withoutOurCookie(String(v)) : v;
            if (value === '') continue;
            for (const one of Array.isArray(value) ? value : [value]) lines.push(`${k}: ${one}`);
          }
          upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
          if (head.length > 0) upstream.write(head);
          upstream.pipe(socket);
          socket.pipe(upstream);
        });
        this.tunnels.add(socket);
        const end = () => {
          this.tunnels.delete(socket);
          upstream.destroy();
          socket.destroy();
        };
        upstream.on('error', end);
        socket.on('error', end);
        upstream.on('close', end);
        socket.on('close', end);
      })
      .catch((err: unknown) => {
        this.d.logger.debug('proxy upgrade failed', { err: String(err) });
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      });
  }

  /** The user of a token- or cookie-authenticated request; `unauthorized` otherwise. */
  private userOf(req: IncomingMessage): string {
    if (hasBearerToken(req.headers.authorization, this.d.token)) {
      const asked = req.headers[USER_HEADER];
      if (typeof asked !== 'string') return this.d.defaultUser;
      const parsed = UserNameSchema.safeParse(asked);
      if (!parsed.success) throw new SwitchboardError('invalid_request', `${USER_HEADER}: not a user name`, USER_HEADER);
      return parsed.data;
    }
    const user = this.d.tickets.checkCookie(cookieValue(req.headers.cookie, COOKIE));
    if (user) return user;
    throw new SwitchboardError('unauthorized', 'the port proxy needs the bearer token, or a desktop ticket (?ticket=) from GET /api/v1/computer/desktop/{user}/{project}');
  }
}

function targetOf(pathname: string, query: URLSearchParams): Target {
  const m = /^\/proxy\/(\d{1,5})(\/.*)?$/.exec(pathname);
  const port = m ? Number(m[1]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SwitchboardError('invalid_request', 'the proxy path is /proxy/{port}/…, with a port from 1 to 65535');
  }
  const rest = new URLSearchParams(query);
  rest.delete('ticket');
  const q = rest.toString();
  return { port, path: `${m[2] ?? '/'}${q ? `?${q}` : ''}` };
}

function forwardHeaders(h: IncomingHttpHeaders, port: number): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) {
    if (DROP.has(k) || v === undefined) continue;
    if (k === 'cookie') {
      const rest = withoutOurCookie(String(v));
      if (rest) out.cookie = rest;
      continue;
    }
    out[k] = v;
  }
  out.host = `127.0.0.1:${port}`;
  // The body is streamed as it comes: say so when the client's framing was chunked.
  if (h['transfer-encoding'] !== undefined) out['transfer-encoding'] = 'chunked';
  return out;
}

function stripHopByHop(h: IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (!DROP.has(k) && v !== undefined) out[k] = v;
  return out;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function withoutOurCookie(header: string): string {
  return header
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith(`${COOKIE}=`))
    .join('; ');
}
