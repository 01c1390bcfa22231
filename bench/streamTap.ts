// A raw WebSocket subscriber to /api/v1/stream, light on CPU on purpose: the daemon, its agents
// and up to ten of these share two cores, so a tap reads each frame's seq and type from the
// text at known positions instead of parsing every frame (it falls back to JSON.parse for any
// frame that does not start the expected way). Payloads are parsed only where a benchmark asks.
import WebSocket from 'ws';
import { streamUrl } from '../daemon/protocol/eventStream.js';
import { now } from './timing.js';

export interface TapFrame {
  kind: 'event' | 'live' | 'other';
  /** Event seq, or the live frame's lastSeq. */
  seq: number;
  /** Event type ('' for non-events). */
  type: string;
  /** The event's session ('' for none and for non-events). */
  sessionId: string;
  text: string;
  /** performance.now() when the frame was handed to us. */
  at: number;
}

export interface TapOptions {
  port: number;
  token: string;
  since: number;
  session?: string;
  project?: string;
  onFrame?(frame: TapFrame): void;
}

const EVENT_PREFIX = '{"type":"event","event":{"seq":';
const SESSION_KEY = ',"sessionId":"';
const TYPE_KEY = '"type":"';

export function parseFrame(text: string, at: number): TapFrame {
  if (text.startsWith(EVENT_PREFIX)) {
    const seqEnd = text.indexOf(',', EVENT_PREFIX.length);
    const typeStart = text.indexOf(TYPE_KEY, seqEnd) + TYPE_KEY.length;
    const typeEnd = text.indexOf('"', typeStart);
    const seq = Number(text.slice(EVENT_PREFIX.length, seqEnd));
    const sessionId = text.startsWith(SESSION_KEY, seqEnd) ? text.slice(seqEnd + SESSION_KEY.length, text.indexOf('"', seqEnd + SESSION_KEY.length)) : '';
    if (Number.isInteger(seq) && typeStart >= TYPE_KEY.length && typeEnd > typeStart) {
      return { kind: 'event', seq, type: text.slice(typeStart, typeEnd), sessionId, text, at };
    }
  }
  const f = JSON.parse(text) as { type?: string; lastSeq?: number; event?: { seq: number; type: string; sessionId: string | null } };
  if (f.type === 'event' && f.event) return { kind: 'event', seq: f.event.seq, type: f.event.type, sessionId: f.event.sessionId ?? '', text, at };
  if (f.type === 'live') return { kind: 'live', seq: f.lastSeq ?? 0, type: '', sessionId: '', text, at };
  return { kind: 'other', seq: 0, type: '', sessionId: '', text, at };
}

export class StreamTap {
  /** When the connection was asked for (performance.now()). */
  readonly openedAt: number;
  /** Resolves with the live frame's lastSeq once the backlog has been delivered. */
  readonly live: Promise<number>;
  /** Rejects when the stream ends before close() (a slow-consumer close, a crash); race work against it. */
  readonly dropped: Promise<never>;
  private readonly socket: WebSocket;
  private closedByUs = false;

  constructor(opts: TapOptions) {
    const url = streamUrl(`ws://127.0.0.1:${opts.port}`, {
      since: opts.since,
      ...(opts.session !== undefined ? { session: opts.session } : {}),
      ...(opts.project !== undefined ? { project: opts.project } : {}),
    });
    this.openedAt = now();
    this.socket = new WebSocket(url, { headers: { Authorization: `Bearer ${opts.token}` }, perMessageDeflate: false });
    let resolveLive: (seq: number) => void = () => undefined;
    this.live = new Promise<number>((resolve) => (resolveLive = resolve));
    this.dropped = new Promise<never>((_, reject) => {
      this.socket.on('error', (err) => {
        if (!this.closedByUs) reject(err);
      });
      this.socket.on('close', (code, reason) => {
        if (!this.closedByUs) reject(new Error(`the daemon closed the event stream (${code} ${reason.toString()})`));
      });
    });
    this.dropped.catch(() => undefined);
    this.socket.on('message', (data: Buffer) => {
      const frame = parseFrame(data.toString('utf8'), now());
      if (frame.kind === 'live') resolveLive(frame.seq);
      opts.onFrame?.(frame);
    });
  }

  /** Resolves once the backlog is delivered; rejects if the stream dropped first. */
  whenLive(): Promise<number> {
    return Promise.race([this.live, this.dropped]);
  }

  close(): void {
    this.closedByUs = true;
    this.socket.close(1000, 'bench done');
  }
}
