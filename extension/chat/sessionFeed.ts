// One chat webview's stream of its session: history from the daemon's event log, then live events
// from the window's shared feed, with no gap and no duplicate. It imports no `vscode`, so unit
// tests drive it with a fake connection.
//
// Why it does not open its own replay-then-live stream (`/api/v1/stream?session=…&since=…`, whose
// seam the daemon already closes): the window's connection (extension/connection/liveConnection.ts)
// is the one place that follows the daemon. It learns a restarted daemon's port and token from the
// supervisor, and it tells a daemon that came back with the same log (resume from `lastSeq`) from
// one whose log was replaced (seqs start over: `onDidReset`). A socket per panel would repeat both
// and race the window's feed at every restart: reconnected to a replaced log with its old `since`,
// it would show that log's events as if they continued the old one until the reset arrived. So a
// panel reads history through the client and the live tail from the window's feed, and closes the
// seam between the two itself.
//
// How the seam is closed: live events for the session that arrive while history is being fetched
// are buffered; after the last page they are flushed, dropping every seq at or below the last one
// sent. History pages are read until `hasMore` is false, so events appended during the fetch are
// in a page, in the buffer, or both — never neither. Live events are then posted in batches
// (every `batchMs`) so a flood of chunks costs the webview a few messages per second, not thousands.
//
// Where duplicates are dropped by seq, and why each place needs it: the daemon's pump
// (daemon/ws/eventPump.ts, its backlog against its live bus), the stream client
// (daemon/protocol/eventStream.ts, the promise "each seq once" every consumer of the stream relies
// on), and `#fresh` below (this seam, and a reloaded webview's `lastSeq`). The window's feed relays
// its stream as is; the webview's reducer ignores a seq it already has, but nothing relies on that.
import type { Session } from '../../daemon/protocol/entities.js';
import type { RouteMethods } from '../../daemon/protocol/client.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
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
    this.#followSession(e);
    if (this.#phase === 'history') {
      if (this.#buffer.length >= this.#o.maxBuffered) {
        this.#buffer = [];
        this.#bufferOverflowed = true;
      }
      this.#buffer.push(e);
      return;
    }
    if (this.#phase !== 'live') return;
    // A page may already have carried it: the log is written before the feed delivers.
    const fresh = this.#fresh([e]);
    if (fresh.length === 0) return;
    this.#outbox.push(...fresh);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.batchMs);
  }

  /** Keeps the session snapshot (title, state) current from the session's own events. */
  #followSession(e: DaemonEvent): void {
    switch (e.type) {
      case 'session.created':
      case 'session.updated': {
        const update = narrowEvent(e, e.type);
        if (update) this.#setSession(update.payload.session);
        return;
      }
      case 'session.state_changed': {
        const change = narrowEvent(e, e.type);
        if (change && this.#session) {
          const { to, reason, detail } = change.payload;
          this.#setSession({ ...this.#session, state: to, stateReason: reason, stateDetail: detail });
        }
        return;
      }
    }
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
    const fresh = this.#fresh(events);
    for (let i = 0; i < fresh.length; i += MAX_EVENTS_PER_POST) {
      this.#o.post({ type: 'events', events: fresh.slice(i, i + MAX_EVENTS_PER_POST) });
    }
  }

  /** The one place this feed drops what the webview already has; `events` ascend by seq. */
  #fresh(events: readonly DaemonEvent[]): DaemonEvent[] {
    const fresh = events.filter((e) => e.seq > this.#lastSent);
    const last = fresh[fresh.length - 1];
    if (last) this.#lastSent = last.seq;
    return fresh;
  }

  #setSession(session: Session): void {
    this.#session = session;
    this.#o.onSession?.(session);
  }
}
