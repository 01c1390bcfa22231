// Writing answers (JSON; text for a route that declares its content type), and the one place an
// error becomes a status and a body. Domain errors become protocol errors through the one table
// (sessions/errorTable.ts); status codes come from the error's code (ERROR_STATUS in the
// protocol), never from its message.
import type { ServerResponse } from 'node:http';
import { SwitchboardError, type ErrorBody } from '../protocol/errors.js';
import type { Logger } from '../system/logger.js';
import { toProtocolError } from '../sessions/errorTable.js';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A route whose answer is not JSON (its descriptor's `contentType`): the text as it is. */
export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { ...JSON_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A SwitchboardError answers with its own status and body. Anything else is a bug: it is logged
 * in full, and the client gets a generic 500 with no stack or message that could leak internals.
 */
export function errorResponse(thrown: unknown, logger: Logger): { status: number; body: ErrorBody } {
  const err = toProtocolError(thrown) ?? thrown;
  if (SwitchboardError.is(err)) {
    if (err.status >= 500) logger.error('request failed', { code: err.code, err });
    return { status: err.status, body: err.toBody() };
  }
  logger.error('unexpected error while handling a request', { err });
  return { status: 500, body: new SwitchboardError('internal', 'internal error; see the daemon log').toBody() };
}

export function sendError(res: ServerResponse, err: unknown, logger: Logger, headers: Record<string, string> = {}): void {
  const { status, body } = errorResponse(err, logger);
  if (res.headersSent) {
    // Too late for a status: cutting the connection is the only honest signal left.
    res.destroy();
    return;
  }
  const extra: Record<string, string> = { ...headers };
  if (status === 401) extra['www-authenticate'] = 'Bearer';
  sendJson(res, status, body, extra);
}
