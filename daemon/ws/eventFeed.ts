// What the stream endpoints need from the daemon's event log. The event bus implements it; the
// WebSocket and SSE endpoints only read through it.
import type { SwitchboardEvent } from '../protocol/events.js';

export interface EventFilter {
  sessionId?: string;
  projectId?: string;
}

export interface EventFeed {
  /** Resolve a session id or short-id prefix, or a project id or slug, to full ids; null → unknown (answer 404). */
  resolveFilter(q: { session?: string; project?: string }): EventFilter | null;
  /**
   * Stored events with seq > since matching the filter, ascending, streamed lazily (an iterator
   * over SQLite rows). The reader pauses between items to respect backpressure and may stop early
   * (calling `return()`), so the iterator must not hold a statement open across those pauses on a
   * connection that appends: page with `seq > ? LIMIT n` inside a generator instead.
   */
  replay(filter: { since: number } & EventFilter): Iterable<SwitchboardEvent>;
  /** Live events, called synchronously right after each append, in seq order. Returns unsubscribe. */
  subscribe(listener: (e: SwitchboardEvent) => void): () => void;
}

/** The live-side equivalent of the filter `replay` applies in SQL. */
export function matchesFilter(e: SwitchboardEvent, f: EventFilter): boolean {
  if (f.sessionId !== undefined && e.sessionId !== f.sessionId) return false;
  if (f.projectId !== undefined && e.projectId !== f.projectId) return false;
  return true;
}
