// One chat webview's stream of its session: history from the daemon's event log, then live events
// from the window's shared feed, with no gap and no duplicate. It imports no `vscode`, so unit
// tests drive it with a fake connection.
//
// How the seam is closed: live events for the session that arrive while history is being fetched
// are buffered; after the last page they are flushed, dropping every seq at or below the last one
// sent. History pages are read until `hasMore` is false, so events appended during the fetch are
// in a page, in the buffer, or both — never neither. Live events are then posted in batches
// (every `batchMs`) so a flood of chunks costs the webview a few messages per second, not thousands.
import type { Session } from '../../daemon/protocol/entities.js';
import type { RouteMethods } from '../../daemon/protocol/client.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import type { ConnectionState, HostMessage } from '../../webview-ui/chat/messages.js';
import type { DaemonEvent, DaemonState } from '../daemonConnection.js';
import { Disposable } from '../util/disposable.js';
import type { EventLike } from '../util/emitter.js';
import { errorMessage, type Logger } from '../util/logger.js';

/** The part of `DaemonConnection` a feed uses (a `DaemonConnection` is one). */
export interface ChatFeedSource {
  readonly state: DaemonState;
  readonly client: { readonly api: Pick<RouteMethods, 'getSession' | 'listEvents'> } | null;
  readonly onEvent: EventLike<DaemonEvent>;
  readonly onDidChangeState: EventLike<DaemonState>;
  readonly onDidReset: EventLike<void>;
}

export interface SessionFeedOptions {
  sessionId: string;
  source: ChatFeedSource;
  post(message: HostMessage): void;
  log: Logger;
  /** Told whenever a newer session snapshot is known (the panel's title follows it). */
  onSession?(session: Session): void;
  batchMs?: number;
  pageSize?: number;
  /** Live events buffered during a history fetch beyond this are dropped and re-read from the log. */
  maxBuffered?: number;
}

type Phase = 'idle' | 'history' | 'live';

const MAX_EVENTS_PER_POST = 1000;
const RETRY_DELAYS_MS = [1000, 3000, 10_000];

export function connectionStateOf(state: DaemonState): ConnectionState {
  return state === 'up' ? 'live' : state === 'down' ? 'down' : 'connecting';
}

export class SessionFeed extends Disposable {
  readonly #o: Required<Pick<SessionFeedOptions, 'batchMs' | 'pageSize' | 'maxBuffered'>> & SessionFeedOptions;
  #phase: Phase = 'idle';
  /** Bumped by every `ready` and by dispose: an older fetch that resumes sees it and stops. */
  #generation = 0;
  #lastSent = 0;
  #buffer: DaemonEvent[] = [];
  #bufferOverflowed = false;
  #outbox: DaemonEvent[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #fetching = false;
  #failures = 0;
  #session: Session | null = null;

  constructor(options: SessionFeedOptions) {
    super();
    this.#o = { batchMs: 50, pageSize: 1000, maxBuffered: 20_000, ...options };
    const { source } = options;
    this._register(source.onEvent((e) => this.#onEvent(e)));
    this._register(
      source.onDidChangeState((state) => {
        if (this.#phase === 'idle') return;
        this.#o.post({ type: 'state', session: this.#session, connection: connectionStateOf(state) });
        // History that could not load while the daemon was away loads now.
        if (state === 'up' && this.#phase === 'history' && !this.#fetching) void this.#catchUp(this.#generation);
      }),
    );
    // A replaced event log: seqs start over, so the webview drops its model and says `ready` again.
    this._register(
      source.onDidReset(() => {
        if (this.#phase === 'idle') return;
        this.#stop();
        this.#o.post({ type: 'reset' });
      }),
    );
  }

  get session(): Session | null {
    return this.#session;
  }

  /** The highest seq posted to the webview in its current load. */
  get lastSent(): number {
    return this.#lastSent;
  }

  /** The webview (re)loaded and has everything up to `lastSeq`: answer `init`, then history, then live. */
  ready(clientId: string, lastSeq: number): void {
    this.#stop();
    this.#phase = 'history';
    this.#lastSent = lastSeq;
    this.#o.post({
      type: 'init',
      clientId,
      sessionId: this.#o.sessionId,
      session: this.#session,
      connection: connectionStateOf(this.#o.source.state),
    });
    void this.#catchUp(this.#generation);
  }

  override dispose(): void {
    this.#stop();
    super.dispose();
  }

  #stop(): void {
    this.#generation++;
    this.#phase = 'idle';
    this.#buffer = [];
    this.#bufferOverflowed = false;
    this.#outbox = [];
    this.#fetching = false;
    this.#failures = 0;
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#retryTimer);
    this.#flushTimer = undefined;
    this.#retryTimer = undefined;
  }

  async #catchUp(generation: number): Promise<void> {
    const client = this.#o.source.client;
    // No daemon now: the state listener starts this again when it is up.
    if (!client) return;
    const current = () => generation === this.#generation && !this.isDisposed;
    this.#fetching = true;
    try {
      const detail = await client.api.getSession({ params: { id: this.#o.sessionId } });
      if (!current()) return;
      this.#setSession(detail.session);
      this.#o.post({ type: 'state', session: detail.session, connection: connectionStateOf(this.#o.source.state) });
      do {
        this.#bufferOverflowed = false;
        let since = this.#lastSent;
        for (;;) {
          const page = await client.api.listEvents({ query: { session: this.#o.sessionId, since, limit: this.#o.pageSize } });
          if (!current()) return;
          this.#send(page.events);
          if (!page.hasMore) break;
          since = page.lastSeq;
        }
        // Overflowed: the buffer was dropped, so read the log again for what it held.
      } while (this.#bufferOverflowed);
      const buffered = this.#buffer.sort((a, b) => a.seq - b.seq);
      this.#buffer = [];
      this.#send(buffered);
      this.#phase = 'live';
      this.#failures = 0;
      this.#o.post({ type: 'live', lastSeq: this.#lastSent });
    } catch (err) {
      if (!current()) return;
      const notFound = SwitchboardError.is(err, 'not_found');
      this.#o.log.warn(`chat ${this.#o.sessionId}: history did not load: ${errorMessage(err)}`);
      this.#o.post({
        type: 'error',
        message: notFound ? 'This session no longer exists.' : `Could not load the session's history: ${errorMessage(err)}`,
      });
      // Live events keep buffering; a later attempt (or the daemon coming back) continues from lastSent.
      const delay = RETRY_DELAYS_MS[this.#failures++];
      if (!notFound && delay !== undefined) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          if (current() && !this.#fetching) void this.#catchUp(generation);
        }, delay);
      }
    } finally {
      if (current()) this.#fetching = false;
    }
  }

  #onEvent(e: DaemonEvent): void {
    if (e.sessionId !== this.#o.sessionId) return;
    if (e.type === 'session.created' || e.type === 'session.updated') {
      const s = (e.payload as { session?: Session } | null)?.session;
      if (s && typeof s.title === 'string') this.#setSession(s);
    } else if (e.type === 'session.state_changed' && this.#session) {
      const p = e.payload as { to: Session['state']; reason: Session['stateReason']; detail: string | null };
      this.#setSession({ ...this.#session, state: p.to, stateReason: p.reason, stateDetail: p.detail });
    }
    if (this.#phase === 'history') {
      if (this.#buffer.length >= this.#o.maxBuffered) {
        this.#buffer = [];
        this.#bufferOverflowed = true;
      }
      this.#buffer.push(e);
      return;
    }
    if (this.#phase !== 'live' || e.seq <= this.#lastSent) return;
    this.#lastSent = e.seq;
    this.#outbox.push(e);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.batchMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const events = this.#outbox;
    this.#outbox = [];
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_POST) {
      this.#o.post({ type: 'events', events: events.slice(i, i + MAX_EVENTS_PER_POST) });
    }
  }

  /** Posts the events newer than the last one sent, in order. */
  #send(events: readonly DaemonEvent[]): void {
    const fresh = events.filter((e) => e.seq > this.#lastSent);
    if (fresh.length === 0) return;
    this.#lastSent = fresh[fresh.length - 1]!.seq;
    for (let i = 0; i < fresh.length; i += MAX_EVENTS_PER_POST) {
      this.#o.post({ type: 'events', events: fresh.slice(i, i + MAX_EVENTS_PER_POST) });
    }
  }

  #setSession(session: Session): void {
    this.#session = session;
    this.#o.onSession?.(session);
  }
}
