// The desktop's raw routes: the noVNC page, the noVNC library files, and the WebSocket that
// bridges to a computer container's VNC server (a unix socket in its bind-mounted run folder).
//   GET /desktop/view?ticket=T[&viewOnly=1]   the page (a ticket is needed; see desktopTickets.ts)
//   GET /desktop/novnc/{core,vendor}/…         the library (public code, no ticket: module imports carry none)
//   GET /desktop/websockify?ticket=T           WebSocket, subprotocol `binary`, RFB bytes both ways
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SwitchboardError } from '../protocol/errors.js';
import type { Logger } from '../system/logger.js';
import { desktopPageHtml } from './desktopPage.js';
import type { DesktopTickets } from './desktopTickets.js';

export const DESKTOP_PREFIX = '/desktop/';
export const DESKTOP_PAGE_PATH = '/desktop/view';
export const DESKTOP_WS_PATH = '/desktop/websockify';
const NOVNC_PREFIX = '/desktop/novnc/';
/** Pause the VNC socket while the browser has this much unsent. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

const MIME: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.css': 'text/css' };

export interface DesktopServerDeps {
  tickets: DesktopTickets;
  /** Where a user's computer container serves VNC on the host (containers/' ComputerService has this). */
  computers: { vncSocketOf(user: string): string };
  /** The installed `@novnc/novnc` package folder (holds core/ and vendor/). */
  novncDir: string;
  logger: Logger;
}

export class DesktopServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });

  constructor(private readonly d: DesktopServerDeps) {}

  owns(pathname: string): boolean {
    return pathname.startsWith(DESKTOP_PREFIX);
  }

  async request(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new SwitchboardError('method_not_allowed', 'use GET on this path', undefined, { allow: 'GET' });
    if (pathname === DESKTOP_PAGE_PATH) return this.page(req, res, query);
    if (pathname.startsWith(NOVNC_PREFIX)) return this.asset(res, pathname.slice(NOVNC_PREFIX.length));
    if (pathname === DESKTOP_WS_PATH) throw new SwitchboardError('invalid_request', `${DESKTOP_WS_PATH} is a WebSocket endpoint`);
    throw new SwitchboardError('not_found', `no desktop resource at ${pathname}`);
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string, query: URLSearchParams): void {
    if (pathname !== DESKTOP_WS_PATH) throw new SwitchboardError('not_found', `no WebSocket endpoint at ${pathname}`);
    const user = this.d.tickets.check(query.get('ticket'));
    if (!user) throw new SwitchboardError('unauthorized', 'missing, unknown or expired desktop ticket; ask GET /api/v1/computer/desktop/{user}/{project} for a new one');
    const vnc = this.d.computers.vncSocketOf(user);
    if (!fs.existsSync(vnc)) throw new SwitchboardError('not_found', `${user} has no running desktop; ensure the computer container first`);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.bridge(ws, vnc, user));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private page(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (!this.d.tickets.check(query.get('ticket'))) {
      throw new SwitchboardError('unauthorized', 'missing, unknown or expired desktop ticket; ask GET /api/v1/computer/desktop/{user}/{project} for a new URL');
    }
    const nonce = randomBytes(16).toString('base64');
    const body = desktopPageHtml(nonce, `ws://${req.headers.host ?? '127.0.0.1'}`);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private asset(res: ServerResponse, rel: string): void {
    const root = path.resolve(this.d.novncDir);
    const file = path.resolve(root, rel);
    const inside = file.startsWith(`${root}${path.sep}`);
    const allowed = inside && (rel.startsWith('core/') || rel.startsWith('vendor/')) && MIME[path.extname(file)] !== undefined;
    if (!allowed || !fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SwitchboardError('not_found', `no noVNC file ${rel}`);
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'max-age=3600',
      'x-content-type-options': 'nosniff',
    });
    fs.createReadStream(file).pipe(res);
  }

  /** RFB bytes both ways; either side closing ends the other. */
  private bridge(ws: WebSocket, socketPath: string, user: string): void {
    const vnc = net.connect(socketPath);
    const log = this.d.logger;
    vnc.on('data', (chunk: Buffer) => {
      ws.send(chunk, { binary: true });
      if (ws.bufferedAmount > HIGH_WATER_BYTES) {
        vnc.pause();
        const resume = setInterval(() => {
          if (ws.bufferedAmount < HIGH_WATER_BYTES / 4 || ws.readyState !== ws.OPEN) {
            clearInterval(resume);
            vnc.resume();
          }
        }, 20);
      }
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      vnc.write(buf);
    });
    const end = (why: string) => {
      log.debug('desktop bridge closed', { user, why });
      vnc.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
    };
    vnc.on('error', (err) => end(`vnc: ${err.message}`));
    vnc.on('close', () => end('vnc closed'));
    ws.on('close', () => end('client closed'));
    ws.on('error', () => end('client error'));
  }
}
