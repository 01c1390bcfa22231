// An in-memory EventFeed for the stream tests: an array plus listeners. Like SQLite under WAL,
// `replay` reads a snapshot taken when it starts, so events appended during a replay reach the
// client only through the live path — the case the no-gap guarantee has to survive.
import { EventEmitter } from 'node:events';
import type { SwitchboardEvent } from '../../daemon/protocol/events.js';
import type { EventFeed, EventFilter } from '../../daemon/ws/eventFeed.js';

export interface FeedSeed {
  sessionId?: string | null;
  projectId?: string | null;
  message?: string;
}

export class MemoryFeed implements EventFeed {
  readonly events: SwitchboardEvent[] = [];
  /** Emits 'subscribed' and 'unsubscribed' with the listener count, so tests can wait on cleanup. */
  readonly signals = new EventEmitter();
  /** How many times a stream read the store (more than once per client means it re-read after overflow). */
  replayCalls = 0;
  /** Events handed out by replays so far: shows how far a paused replay got. */
  replayed = 0;
  private readonly listeners = new Set<(e: SwitchboardEvent) => void>();

  constructor(
    private readonly sessions: Record<string, string> = {},
    private readonly projects: Record<string, string> = {},
  ) {}

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  append(seed: FeedSeed = {}): SwitchboardEvent {
    const seq = this.lastSeq + 1;
    const event: SwitchboardEvent = {
      seq,
      sessionId: seed.sessionId ?? null,
      projectId: seed.projectId ?? null,
      time: new Date().toISOString(),
      type: 'log',
      payload: { level: 'info', message: seed.message ?? `event ${seq}` },
    };
    this.events.push(event);
    for (const l of [...this.listeners]) l(event);
    return event;
  }

  appendMany(n: number, seed: (i: number) => FeedSeed = () => ({})): void {
    for (let i = 0; i < n; i++) this.append(seed(i));
  }

  resolveFilter(q: { session?: string; project?: string }): EventFilter | null {
    const out: EventFilter = {};
    if (q.session !== undefined) {
      // Full id, or a unique prefix of one (what short ids are).
      const hits = Object.keys(this.sessions).filter((id) => id === q.session || id.startsWith(q.session ?? ''));
      if (hits.length !== 1 || hits[0] === undefined) return null;
      out.sessionId = hits[0];
    }
    if (q.project !== undefined) {
      const byId = Object.keys(this.projects).find((id) => id === q.project);
      const bySlug = Object.entries(this.projects).find(([, slug]) => slug === q.project)?.[0];
      const id = byId ?? bySlug;
      if (id === undefined) return null;
      out.projectId = id;
    }
    return out;
  }

  *replay(filter: { since: number } & EventFilter): Iterable<SwitchboardEvent> {
    this.replayCalls++;
    const end = this.events.length;
    for (let i = 0; i < end; i++) {
      const e = this.events[i];
      if (!e || e.seq <= filter.since) continue;
      if (filter.sessionId !== undefined && e.sessionId !== filter.sessionId) continue;
      if (filter.projectId !== undefined && e.projectId !== filter.projectId) continue;
      this.replayed++;
      yield e;
    }
  }

  subscribe(listener: (e: SwitchboardEvent) => void): () => void {
    this.listeners.add(listener);
    this.signals.emit('subscribed', this.listeners.size);
    return () => {
      if (this.listeners.delete(listener)) this.signals.emit('unsubscribed', this.listeners.size);
    };
  }

  /** Resolves once no stream is subscribed any more. */
  whenNoListeners(): Promise<void> {
    if (this.listeners.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (n: number): void => {
        if (n === 0) {
          this.signals.off('unsubscribed', check);
          resolve();
        }
      };
      this.signals.on('unsubscribed', check);
    });
  }
}

/** The seqs a filter should deliver after `since`, in order. */
export function expectedSeqs(feed: MemoryFeed, since: number, filter: EventFilter = {}): number[] {
  return feed.events
    .filter((e) => e.seq > since)
    .filter((e) => filter.sessionId === undefined || e.sessionId === filter.sessionId)
    .filter((e) => filter.projectId === undefined || e.projectId === filter.projectId)
    .map((e) => e.seq);
}
