// The event stream client: one WebSocket to `/api/v1/stream`, reconnected with backoff, resumed
// from the last seen `seq` so the consumer sees every event once, in order, across drops and
// daemon restarts. This folder may not import `ws`, so the WebSocket constructor is injected:
// the `ws` package's in Node and the CLI, undici's or a browser's elsewhere.
import type { z } from 'zod';
import { SwitchboardError, ERROR_STATUS, type ErrorCode } from './errors.js';
import type { AnyEventSchema } from './events.js';
import { ServerFrameSchema } from './frames.js';
import { STREAM_WS_PATH } from './routes.js';

export type StreamEvent = z.infer<typeof AnyEventSchema>;
export type StreamState = 'connecting' | 'live' | 'backoff' | 'closed';

/**
 * A handler type compared bivariantly (declared through a method), so that implementations
 * whose handlers take richer event objects (`ws`'s MessageEvent, the DOM's) still fit.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of the WebSocket API this client uses; `ws` and the DOM WebSocket both have it. */
export interface WebSocketLike {
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: unknown }> | null;
  onerror: Handler<unknown> | null;
  close(code?: number, reason?: string): void;
}

/**
 * `new (url, { headers })`: the token travels as an `Authorization` header, which the `ws`
 * package and undici accept; a browser WebSocket cannot send headers and is not a target here.
 */
export type WebSocketLikeConstructor = new (
  url: string,
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

export interface StreamEndpoint {
  /** The daemon's address, `ws://127.0.0.1:<port>` (an `http://` address is accepted too). */
  url: string;
  token: string;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

export interface EventStreamOptions extends StreamEndpoint {
  /** Deliver events with `seq > since`; 0 (the default) replays everything that matches. */
  since?: number;
  session?: string;
  project?: string;
  WebSocketImpl: WebSocketLikeConstructor;
  onEvent(event: StreamEvent): void;
  /** The backlog has been delivered; `lastSeq` is the last seq this client has seen. */
  onLive?(lastSeq: number): void;
  onStateChange?(state: StreamState): void;
  /** Frames that do not parse, error frames, failed connection attempts. The stream keeps going. */
  onError?(error: Error): void;
  backoff?: BackoffOptions;
  /**
   * Asked before every reconnect: a restarted daemon listens on a new port with a new token,
   * which a caller finds by re-reading the discovery file. Without it, `url`/`token` are reused.
   */
  resolveEndpoint?: () => StreamEndpoint | Promise<StreamEndpoint>;
}

/** Builds the stream address with its query; exported for servers' tests and other clients. */
export function streamUrl(base: string, query: { since: number; session?: string; project?: string }): string {
  const url = new URL(STREAM_WS_PATH, base.replace(/^http(s?):/, 'ws$1:'));
  url.searchParams.set('since', String(query.since));
  if (query.session !== undefined) url.searchParams.set('session', query.session);
  if (query.project !== undefined) url.searchParams.set('project', query.project);
  return url.toString();
}

export class EventStream {
  readonly #opts: EventStreamOptions;
  readonly #backoff: BackoffOptions;
  #lastSeq: number;
  // 'closed' until the constructor's first connect announces 'connecting'.
  #state: StreamState = 'closed';
  #socket: WebSocketLike | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #closed = false;

  constructor(opts: EventStreamOptions) {
    this.#opts = opts;
    this.#backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.#lastSeq = opts.since ?? 0;
    void this.#connect(false);
  }

  /** The highest seq delivered to `onEvent` (or `since` before any). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get state(): StreamState {
    return this.#state;
  }

  /** Stops for good: no reconnect; the last callback is onStateChange('closed'). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      try {
        socket.close(1000, 'client closed');
      } catch {
        // Closing a socket that never opened may throw in some implementations; it is gone either way.
      }
    }
    this.#setState('closed');
  }

  async #connect(reconnecting: boolean): Promise<void> {
    if (this.#closed) return;
    this.#setState('connecting');
    let endpoint: StreamEndpoint = { url: this.#opts.url, token: this.#opts.token };
    try {
      if (reconnecting && this.#opts.resolveEndpoint) endpoint = await this.#opts.resolveEndpoint();
    } catch (err) {
      this.#fail(err);
      return;
    }
    if (this.#closed) return;

    let socket: WebSocketLike;
    try {
      const url = streamUrl(endpoint.url, {
        since: this.#lastSeq,
        ...(this.#opts.session !== undefined ? { session: this.#opts.session } : {}),
        ...(this.#opts.project !== undefined ? { project: this.#opts.project } : {}),
      });
      socket = new this.#opts.WebSocketImpl(url, { headers: { Authorization: `Bearer ${endpoint.token}` } });
    } catch (err) {
      this.#fail(err);
      return;
    }
    this.#socket = socket;
    socket.onmessage = (ev) => {
      if (this.#socket === socket) this.#onMessage(ev.data);
    };
    // An error is always followed by a close, which is where the reconnect is decided.
    socket.onerror = (ev) => {
      if (this.#socket === socket) this.#report(errorOf(ev, 'event stream connection error'));
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#scheduleReconnect();
    };
  }

  #onMessage(data: unknown): void {
    const text = frameText(data);
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) {
      this.#report(new SwitchboardError('internal', 'the daemon sent an event stream frame that does not parse'));
      return;
    }
    const f = frame.data;
    if (f.type === 'event') {
      // Replays after a reconnect may overlap what was already delivered: drop, never repeat.
      if (f.event.seq <= this.#lastSeq) return;
      this.#lastSeq = f.event.seq;
      this.#opts.onEvent(f.event);
    } else if (f.type === 'live') {
      this.#failures = 0;
      this.#setState('live');
      this.#opts.onLive?.(this.#lastSeq);
    } else {
      const code: ErrorCode = Object.prototype.hasOwnProperty.call(ERROR_STATUS, f.code) ? (f.code as ErrorCode) : 'internal';
      this.#report(new SwitchboardError(code, f.message));
    }
  }

  #fail(err: unknown): void {
    this.#report(errorOf(err, 'could not open the event stream'));
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    this.#setState('backoff');
    const delay = Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** this.#failures);
    this.#failures = Math.min(this.#failures + 1, 30);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect(true);
    }, delay);
  }

  #setState(state: StreamState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#opts.onStateChange?.(state);
  }

  #report(err: Error): void {
    if (!this.#closed) this.#opts.onError?.(err);
  }
}

/** Text frames arrive as strings (DOM, `ws`), or as bytes from some implementations. */
function frameText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  const decoder = new TextDecoder();
  if (data instanceof ArrayBuffer) return decoder.decode(data);
  if (ArrayBuffer.isView(data)) return decoder.decode(data);
  if (Array.isArray(data) && data.every((d) => ArrayBuffer.isView(d))) {
    return data.map((d: ArrayBufferView) => decoder.decode(d)).join('');
  }
  return null;
}

function errorOf(value: unknown, fallback: string): Error {
  if (value instanceof Error) return value;
  const inner = (value as { error?: unknown; message?: unknown } | null)?.error;
  if (inner instanceof Error) return inner;
  const message = (value as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' && message ? message : fallback);
}
