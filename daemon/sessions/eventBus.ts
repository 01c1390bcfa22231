// The event log's front door: every change is appended to SQLite first, then handed to live
// subscribers (WS, SSE, the extension) in seq order. It is also the feed the stream servers replay from.
import type { EventPayload, EventType, NewEvent, SwitchboardEvent } from '../protocol/events.js';
import type { Store } from '../storage/store.js';

export type EventListener = (e: SwitchboardEvent) => void;

export interface EventFilter {
  since: number;
  sessionId?: string;
  projectId?: string;
}

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  /** Agent events of this turn of the event loop, written together by `flush`. */
  private queue: NewEvent[] = [];
  private flushScheduled = false;

  constructor(
    private readonly store: Store,
    private readonly onListenerError: (err: unknown) => void,
  ) {}

  emit<T extends EventType>(type: T, scope: { sessionId: string | null; projectId: string | null }, payload: EventPayload<T>): SwitchboardEvent {
    this.flush(); // queued events come first: the log keeps the order things happened in
    const stored = this.store.events.append({ type, sessionId: scope.sessionId, projectId: scope.projectId, payload } as NewEvent);
    this.broadcast(stored);
    return stored;
  }

  /**
   * For high-rate streams (agent chunks): the event is stored with the others of this turn of
   * the event loop in one transaction, then broadcast — still stored before anyone sees it, and
   * still in order, since `emit` and reads through `replay` flush first. One commit per event
   * capped floods at a few thousand events/s (B3 in docs/benchmarks.md).
   */
  emitQueued<T extends EventType>(type: T, scope: { sessionId: string | null; projectId: string | null }, payload: EventPayload<T>): void {
    this.queue.push({ type, sessionId: scope.sessionId, projectId: scope.projectId, payload } as NewEvent);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes and broadcasts whatever `emitQueued` holds. */
  flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const stored of this.store.events.appendMany(batch)) this.broadcast(stored);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stored events after `since`, fetched a page at a time. Paging (not a SQLite cursor) because
   * callers await between events, and an open better-sqlite3 cursor blocks every other statement.
   */
  *replay(filter: EventFilter, pageSize = 2000): Iterable<SwitchboardEvent> {
    this.flush();
    let since = filter.since;
    for (;;) {
      const page = this.store.events.list({ ...filter, since, limit: pageSize });
      yield* page;
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) return;
      since = last.seq;
    }
  }

  /** Accepts a session id or its short prefix, a project id or its slug; null when either is unknown. */
  resolveFilter(q: { session?: string; project?: string }): { sessionId?: string; projectId?: string } | null {
    const out: { sessionId?: string; projectId?: string } = {};
    if (q.session !== undefined) {
      const s = this.store.sessions.get(q.session) ?? this.store.sessions.getByShortIdPrefix(q.session);
      if (!s) return null;
      out.sessionId = s.id;
    }
    if (q.project !== undefined) {
      const p = this.store.projects.get(q.project) ?? this.store.projects.getBySlug(q.project);
      if (!p) return null;
      out.projectId = p.id;
    }
    return out;
  }

  private broadcast(e: SwitchboardEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        // One faulty subscriber must not stop the others or the writer.
        this.onListenerError(err);
      }
    }
  }
}
