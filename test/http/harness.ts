// A real API server on an ephemeral 127.0.0.1 port, with stub handlers and an in-memory feed,
// plus small clients (plain HTTP, WebSocket, SSE) that let tests wait on what arrives.
import http from 'node:http';
import { WebSocket } from 'ws';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../daemon/http/server.js';
import type { ApiHandlers } from '../../daemon/http/handlers.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { ROUTES, STREAM_SSE_PATH, STREAM_WS_PATH, type RouteName } from '../../daemon/protocol/routes.js';
import type { ServerFrame } from '../../daemon/protocol/frames.js';
import { silentLogger } from '../../daemon/system/logger.js';
import { generateToken } from '../../daemon/system/token.js';
import { until } from '../support/until.js';
import { MemoryFeed } from './memoryFeed.js';

export interface Harness {
  api: ApiServer;
  port: number;
  token: string;
  feed: MemoryFeed;
  close(): Promise<void>;
}

/** Every handler answers 503 unless the test supplies it. */
export function stubHandlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  const all = Object.fromEntries(
    (Object.keys(ROUTES) as RouteName[]).map((name) => [
      name,
      () => {
        throw new SwitchboardError('unavailable', `${name} is not part of this test`);
      },
    ]),
  );
  return { ...all, ...overrides } as ApiHandlers;
}

export async function startHarness(
  opts: { handlers?: Partial<ApiHandlers>; feed?: MemoryFeed } & Partial<Omit<ApiServerOptions, 'handlers' | 'feed'>> = {},
): Promise<Harness> {
  const token = opts.token ?? generateToken();
  const feed = opts.feed ?? new MemoryFeed();
  const api = createApiServer({
    logger: silentLogger,
    validateResponses: true,
    ...opts,
    token,
    feed,
    handlers: stubHandlers(opts.handlers),
  });
  const port = await api.listen(0);
  return { api, port, token, feed, close: () => api.close() };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface HttpRequestOptions {
  method?: string;
  path: string;
  /** `null` sends no Authorization header. */
  token?: string | null;
  host?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked (no Content-Length), in pieces of this size. */
  chunkSize?: number;
  /** Defaults to a fresh connection per request. */
  agent?: http.Agent;
}

/** One request with node:http, so tests control every header, including Host. */
export function httpRequest(port: number, o: HttpRequestOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: o.host ?? `127.0.0.1:${port}`, ...o.headers };
    if (o.token !== null && o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined && o.chunkSize === undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers, agent: o.agent ?? false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may hang up while an oversized body is still being sent; the answer counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (o.body !== undefined && o.chunkSize !== undefined) {
      const buf = Buffer.from(o.body);
      for (let i = 0; i < buf.length; i += o.chunkSize) req.write(buf.subarray(i, i + o.chunkSize));
      req.end();
    } else {
      req.end(o.body);
    }
  });
}

export function errorOf(r: HttpResult): { code: string; message: string; field?: string } {
  return (r.json as { error: { code: string; message: string; field?: string } }).error;
}

/** What a stream client has seen so far: event seqs, where the `live` marker came, how it ended. */
export class StreamLog {
  readonly seqs: number[] = [];
  liveAt = -1;
  liveLastSeq = -1;
  closed: { code: number; reason: string } | null = null;
  comments = 0;
  errors: string[] = [];

  /** Polls often: the checks are cheap and stream tests wait on many small steps. */
  async until(check: (log: this) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    await until(what, () => check(this), timeoutMs, 5);
  }

  untilSeq(seq: number): Promise<void> {
    return this.until((l) => (l.seqs.at(-1) ?? 0) >= seq, `seq ${seq}`);
  }

  untilLive(): Promise<void> {
    return this.until((l) => l.liveAt >= 0, 'the live marker');
  }
}

export interface WsClient {
  ws: WebSocket;
  log: StreamLog;
}

export function wsUrl(port: number, query = ''): string {
  return `ws://127.0.0.1:${port}${STREAM_WS_PATH}${query}`;
}

/** Opens the event stream and records every frame; resolves once the socket is open. */
export function openWs(port: number, token: string | null, query = '', onEvent?: (seq: number) => void): Promise<WsClient> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const ws = new WebSocket(wsUrl(port, query), { headers });
  const log = new StreamLog();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.type === 'event') {
      log.seqs.push(frame.event.seq);
      onEvent?.(frame.event.seq);
    } else if (frame.type === 'live') {
      log.liveAt = log.seqs.length;
      log.liveLastSeq = frame.lastSeq;
    } else {
      log.errors.push(frame.code);
    }
  });
  ws.on('close', (code, reason) => {
    log.closed = { code, reason: reason.toString() };
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, log }));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

/** Why an upgrade was refused: the HTTP status and JSON body the server answered with. */
export function refusedUpgrade(port: number, headers: Record<string, string>, query = ''): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(port, query), { headers });
    ws.once('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    ws.once('error', () => undefined);
  });
}

export interface SseClient {
  res: http.IncomingMessage;
  log: StreamLog;
  close(): void;
}

/** Opens the SSE stream and parses messages as they arrive; rejects with the status on refusal. */
export function openSse(
  port: number,
  token: string | null,
  query = '',
  headers: Record<string, string> = {},
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = { host: `127.0.0.1:${port}`, accept: 'text/event-stream', ...headers };
    if (token !== null) h.authorization = `Bearer ${token}`;
    const req = http.request({ host: '127.0.0.1', port, path: `${STREAM_SSE_PATH}${query}`, headers: h, agent: false });
    req.on('error', (err) => reject(err));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
        return;
      }
      const log = new StreamLog();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          parseSseMessage(buffer.slice(0, end), log);
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('close', () => {
        log.closed = { code: 0, reason: 'ended' };
      });
      resolve({ res, log, close: () => req.destroy() });
    });
    req.end();
  });
}

function parseSseMessage(block: string, log: StreamLog): void {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      log.comments++;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
  }
  if (fields.event === 'live') {
    log.liveAt = log.seqs.length;
    log.liveLastSeq = (JSON.parse(fields.data ?? '{}') as { lastSeq: number }).lastSeq;
  } else if (fields.event === 'error') {
    log.errors.push(fields.data ?? '');
  } else if (fields.id !== undefined && fields.data !== undefined) {
    const event = JSON.parse(fields.data) as { seq: number; type: string };
    if (String(event.seq) !== fields.id || event.type !== fields.event) throw new Error(`inconsistent SSE message: ${block}`);
    log.seqs.push(event.seq);
  }
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
