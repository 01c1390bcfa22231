// What the Events view shows, kept in memory and fed by the window's one event feed (no stream
// of its own): the newest events, bounded, each seq once whatever order the backlog and the live
// feed deliver them in, filtered by project, session and type. Streamed text arrives one chunk per
// event, so a run of chunks of one kind from one session reads as one row ("agent.message_chunk
// ×37"), or a busy agent would push everything else out of sight. Host-independent: unit-tested.
import type { LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import { Emitter } from '../util/emitter.js';

/** What the view narrows to; null (or an empty list of types) means "all". */
export interface EventsFilter {
  projectId: string | null;
  sessionId: string | null;
  types: readonly string[] | null;
}

export const NO_FILTER: EventsFilter = { projectId: null, sessionId: null, types: null };

/** One row: an event, or a run of chunks of one kind from one session (oldest first). */
export interface EventItem {
  /** Stable while a run grows: `event:<seq of its first event>`. */
  readonly id: string;
  readonly type: string;
  readonly sessionId: string | null;
  readonly projectId: string | null;
  /** The newest event's time. */
  readonly time: string;
  readonly events: readonly LooseEvent[];
}

/** Types that stream one small piece per event. */
export const CHUNK_TYPES: ReadonlySet<string> = new Set(['agent.message_chunk', 'agent.thought_chunk', 'user.message_chunk']);

export interface EventsModelOptions {
  /** Rows shown at most (newest first). */
  maxItems?: number;
  /** Events kept at most; more than rows, since a run of chunks is many events in one row. */
  maxEvents?: number;
}

export function isFiltered(f: EventsFilter): boolean {
  return f.projectId !== null || f.sessionId !== null || (f.types !== null && f.types.length > 0);
}

export class EventsModel {
  readonly #maxItems: number;
  readonly #maxEvents: number;
  /** Ascending by seq; appended at the end in the usual case (live events). */
  #events: LooseEvent[] = [];
  readonly #seqs = new Set<number>();
  #filter: EventsFilter = NO_FILTER;
  #items: EventItem[] | null = null;
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(options: EventsModelOptions = {}) {
    this.#maxItems = options.maxItems ?? 500;
    this.#maxEvents = options.maxEvents ?? 5_000;
  }

  get filter(): EventsFilter {
    return this.#filter;
  }

  /** Events kept now (all of them, filtered or not). */
  get size(): number {
    return this.#events.length;
  }

  setFilter(filter: EventsFilter): void {
    this.#filter = { projectId: filter.projectId, sessionId: filter.sessionId, types: filter.types && filter.types.length > 0 ? [...filter.types] : null };
    this.#changed();
  }

  /** Adds events in any order; a seq already kept is ignored. The oldest go past the bound. */
  add(events: readonly LooseEvent[]): void {
    let added = false;
    for (const e of events) {
      if (this.#seqs.has(e.seq)) continue;
      this.#seqs.add(e.seq);
      added = true;
      const last = this.#events.at(-1);
      if (!last || last.seq < e.seq) this.#events.push(e);
      else this.#events.splice(insertionIndex(this.#events, e.seq), 0, e);
    }
    if (!added) return;
    const excess = this.#events.length - this.#maxEvents;
    if (excess > 0) for (const gone of this.#events.splice(0, excess)) this.#seqs.delete(gone.seq);
    this.#changed();
  }

  /** The daemon's log was replaced: what is kept describes another log. */
  clear(): void {
    this.#events = [];
    this.#seqs.clear();
    this.#changed();
  }

  /** How many kept events there are of each type (filter or not): what a type filter could show. */
  typeCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const e of this.#events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    return counts;
  }

  /** The rows to show, newest first, at most `maxItems`. */
  items(): readonly EventItem[] {
    this.#items ??= this.#build();
    return this.#items;
  }

  #build(): EventItem[] {
    const f = this.#filter;
    const types = f.types ? new Set(f.types) : null;
    const rows: EventItem[] = [];
    let run: { first: LooseEvent; events: LooseEvent[] } | null = null;
    const close = () => {
      if (run) rows.push(itemOf(run.first, run.events));
      run = null;
    };
    // Oldest to newest, so runs are built in order; reversed once at the end.
    for (const e of this.#events) {
      if ((f.projectId !== null && e.projectId !== f.projectId) || (f.sessionId !== null && e.sessionId !== f.sessionId) || (types && !types.has(e.type))) continue;
      const current: { first: LooseEvent; events: LooseEvent[] } | null = run;
      if (current && CHUNK_TYPES.has(e.type) && current.first.type === e.type && current.first.sessionId === e.sessionId) {
        current.events.push(e);
        continue;
      }
      close();
      if (CHUNK_TYPES.has(e.type)) run = { first: e, events: [e] };
      else rows.push(itemOf(e, [e]));
    }
    close();
    return rows.slice(-this.#maxItems).reverse();
  }

  #changed(): void {
    this.#items = null;
    this.#onDidChange.fire();
  }
}

function itemOf(first: LooseEvent, events: LooseEvent[]): EventItem {
  const newest = events.at(-1)!;
  return { id: `event:${first.seq}`, type: first.type, sessionId: first.sessionId, projectId: first.projectId, time: newest.time, events };
}

/** Where `seq` goes in an ascending list (binary search). */
function insertionIndex(events: readonly LooseEvent[], seq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
