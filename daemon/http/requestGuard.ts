// The checks every request and WebSocket upgrade passes before anything else looks at it.
import type { IncomingMessage } from 'node:http';
import { SwitchboardError } from '../protocol/errors.js';
import { safeEqual } from '../system/token.js';

// A web page can make a browser send requests to 127.0.0.1 under a hostname it controls (DNS
// rebinding); such requests carry that hostname in Host. Only loopback names are ours.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for `127.0.0.1`, `localhost` and `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return m !== null && m[1] !== undefined && LOOPBACK_HOSTS.has(m[1]);
}

/** True when the Authorization header is `Bearer <token>` with exactly our token. */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  // Compare even when the header is malformed, so timing says nothing about which check failed.
  return safeEqual(m?.[1] ?? '', token) && m !== null;
}

/** Null when the request may proceed, else the error to answer with. */
export function checkRequest(req: IncomingMessage, token: string): SwitchboardError | null {
  if (!isLoopbackHost(req.headers.host)) {
    return new SwitchboardError('forbidden', 'the Host header must name a loopback address');
  }
  if (!hasBearerToken(req.headers.authorization, token)) {
    return new SwitchboardError('unauthorized', 'missing or wrong bearer token (see daemon.json)');
  }
  return null;
}
