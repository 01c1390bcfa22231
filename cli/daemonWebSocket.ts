// The CLI's WebSocket for the event stream: the `ws` package's, except that when the daemon
// refuses the upgrade (401 a stale token, 400 a bad filter, 404…) the stream's `onerror` gets the
// daemon's typed error, its code read from the answer's body as the HTTP client reads it, instead
// of `ws`'s "Unexpected server response: 401". Commands then branch on the code, never on text.
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { errorFromResponse } from '../daemon/protocol/client.js';
import type { WebSocketLike } from '../daemon/protocol/eventStream.js';

export class DaemonWebSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly #ws: WebSocket;
  #refusal: Error | null = null;

  constructor(url: string, options?: { headers?: Record<string, string> }) {
    this.#ws = new WebSocket(url, options);
    this.#ws.on('open', () => this.onopen?.({}));
    // Text frames as strings, as `ws`'s own `onmessage` hands them out.
    this.#ws.on('message', (data, isBinary) => this.onmessage?.({ data: isBinary ? data : data.toString() }));
    this.#ws.on('close', (code, reason) => this.onclose?.({ code, reason }));
    this.#ws.on('error', (err) => this.onerror?.(this.#refusal ?? err));
    this.#ws.on('unexpected-response', (_req, res) => this.#refused(res));
  }

  close(code?: number, reason?: string): void {
    this.#ws.close(code, reason);
  }

  /** Reads the refusal's body into a typed error, then ends the handshake (reported as that error). */
  #refused(res: IncomingMessage): void {
    let text = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.#refusal = errorFromResponse(res.statusCode ?? 0, text);
      // With a listener for 'unexpected-response', `ws` leaves ending the handshake to us.
      this.#ws.terminate();
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', finish);
    res.on('error', finish);
  }
}
