// The append-only event log ↔ the `events` table: the source of truth for transcripts and replay.
import type { NewEvent, SwitchboardEvent } from '../protocol/events.js';
import type { Database, Statement } from './database.js';
import { toStorageError } from './errors.js';

export interface EventFilter {
  /** Only events with seq greater than this (default 0: from the start). */
  since?: number;
  /** Only events with seq up to and including this. */
  until?: number;
  sessionId?: string;
  projectId?: string;
  /** Only these types; an empty list means no type filter. */
  types?: readonly string[];
  /** `list`: default 1000, at most 10001. `iterate`: no limit unless given. */
  limit?: number;
}

export const DEFAULT_LIST_LIMIT = 1000;
/** One more than the API's largest page (10,000), so a caller can read one row ahead to answer `hasMore`. */
export const MAX_LIST_LIMIT = 10_001;
/** Rows fetched per step of `iterate`: bounds memory while keeping steps few. */
const PAGE_SIZE = 1000;

/** seq, session_id, project_id, type, payload, time — read in raw (array) mode to skip per-row objects. */
type EventTuple = [number, string | null, string | null, string, string, string];

function toEvent(r: EventTuple): SwitchboardEvent {
  // Payloads were validated when produced; parsing them again with zod here would make replay
  // of a long log CPU-bound for no gain.
  return {
    seq: r[0],
    sessionId: r[1],
    projectId: r[2],
    type: r[3],
    payload: JSON.parse(r[4]) as unknown,
    time: r[5],
  } as SwitchboardEvent;
}

export class EventsRepo {
  private readonly insertStmt: Statement<[string | null, string | null, string, string, string], number>;
  private readonly lastSeqStmt: Statement<[], number>;
  private readonly countBySessionStmt: Statement<[string], number>;
  private readonly deleteBySessionStmt: Statement<[string]>;
  private readonly countByProjectStmt: Statement<[string], number>;
  private readonly deleteByProjectStmt: Statement<[string]>;
  /** One SELECT per filter shape, so each gets the plan that uses the right index. */
  private readonly selects = new Map<string, Statement<unknown[], EventTuple>>();
  private readonly insertBatch: (events: readonly NewEvent[], time: string) => SwitchboardEvent[];

  constructor(private readonly db: Database) {
    this.insertStmt = db
      .prepare<[string | null, string | null, string, string, string], number>(
        'INSERT INTO events (session_id, project_id, type, payload, time) VALUES (?, ?, ?, ?, ?) RETURNING seq',
      )
      .pluck();
    // sqlite_sequence keeps the highest seq ever assigned, which survives deleting the newest rows.
    this.lastSeqStmt = db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'events'").pluck();
    this.countBySessionStmt = db.prepare<[string], number>('SELECT count(*) FROM events WHERE session_id = ?').pluck();
    this.deleteBySessionStmt = db.prepare<[string]>('DELETE FROM events WHERE session_id = ?');
    this.countByProjectStmt = db.prepare<[string], number>('SELECT count(*) FROM events WHERE project_id = ?').pluck();
    this.deleteByProjectStmt = db.prepare<[string]>('DELETE FROM events WHERE project_id = ?');
    this.insertBatch = db.transaction((events: readonly NewEvent[], time: string) =>
      events.map((e) => this.write(e, time)),
    );
  }

  /** Appends one event, assigning its seq and time; returns the stored envelope. */
  append(e: NewEvent): SwitchboardEvent {
    try {
      return this.write(e, new Date().toISOString());
    } catch (err) {
      throw toStorageError(err, 'appending an event');
    }
  }

  /** Appends all events in one transaction (all or none), in order, with one time for the batch. */
  appendMany(events: readonly NewEvent[]): SwitchboardEvent[] {
    if (events.length === 0) return [];
    try {
      return this.insertBatch(events, new Date().toISOString());
    } catch (err) {
      throw toStorageError(err, 'appending events');
    }
  }

  private write(e: NewEvent, time: string): SwitchboardEvent {
    const seq = this.insertStmt.get(e.sessionId, e.projectId, e.type, JSON.stringify(e.payload), time) as number;
    return { seq, sessionId: e.sessionId, projectId: e.projectId, time, type: e.type, payload: e.payload } as SwitchboardEvent;
  }

  /** Events with seq > `since`, oldest first, at most `limit` (default 1000, capped at 10001). */
  list(filter: EventFilter = {}): SwitchboardEvent[] {
    const limit = clamp(filter.limit ?? DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    if (limit === 0) return [];
    return this.page(filter, filter.since ?? 0, limit).map(toEvent);
  }

  /**
   * Streams matching events oldest first without loading them all. The end is fixed when this is
   * called (`until`, default `lastSeq()` now): events appended during the replay are left to live
   * delivery, so a subscriber that notes `lastSeq()` when it subscribes, replays up to it and then
   * forwards only live events above it sees each event once.
   *
   * Rows are read a page at a time rather than through one open `.iterate()` cursor: a cursor
   * holds the connection busy, and every append made while a consumer pauses between events
   * (awaiting a socket drain, say) would then fail with "connection is busy".
   */
  iterate(filter: EventFilter = {}): IterableIterator<SwitchboardEvent> {
    const until = filter.until ?? this.lastSeq();
    return this.pages({ ...filter, until }, filter.limit === undefined ? Infinity : clamp(filter.limit, Infinity));
  }

  private *pages(filter: EventFilter, limit: number): Generator<SwitchboardEvent, void, undefined> {
    let after = filter.since ?? 0;
    let left = limit;
    while (left > 0) {
      const rows = this.page(filter, after, Math.min(PAGE_SIZE, left));
      for (const row of rows) yield toEvent(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      after = last[0];
      left -= rows.length;
    }
  }

  private page(filter: EventFilter, after: number, limit: number): EventTuple[] {
    const types = filter.types !== undefined && filter.types.length > 0 ? filter.types : undefined;
    const params: unknown[] = [after];
    let where = 'seq > ?';
    let shape = '';
    if (filter.until !== undefined) {
      where += ' AND seq <= ?';
      params.push(filter.until);
      shape += 'u';
    }
    if (filter.sessionId !== undefined) {
      where += ' AND session_id = ?';
      params.push(filter.sessionId);
      shape += 's';
    }
    if (filter.projectId !== undefined) {
      where += ' AND project_id = ?';
      params.push(filter.projectId);
      shape += 'p';
    }
    if (types !== undefined) {
      where += ' AND type IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(types));
      shape += 't';
    }
    params.push(limit);
    let statement = this.selects.get(shape);
    if (statement === undefined) {
      statement = this.db
        .prepare<unknown[], EventTuple>(
          `SELECT seq, session_id, project_id, type, payload, time FROM events WHERE ${where} ORDER BY seq LIMIT ?`,
        )
        .raw();
      this.selects.set(shape, statement);
    }
    return statement.all(...params);
  }

  /** The highest seq ever assigned (0 for an empty log); never decreases, even after deletes. */
  lastSeq(): number {
    return this.lastSeqStmt.get() ?? 0;
  }

  countBySession(sessionId: string): number {
    return this.countBySessionStmt.get(sessionId) ?? 0;
  }

  /** Number of events removed. Their seqs are never handed out again. */
  deleteBySession(sessionId: string): number {
    return this.deleteBySessionStmt.run(sessionId).changes;
  }

  /** Events of the project and of its sessions (they carry the project's id too). */
  countByProject(projectId: string): number {
    return this.countByProjectStmt.get(projectId) ?? 0;
  }

  /** Number of events removed: the project's and its sessions'. Their seqs are never handed out again. */
  deleteByProject(projectId: string): number {
    return this.deleteByProjectStmt.run(projectId).changes;
  }
}

function clamp(limit: number, max: number): number {
  if (!Number.isFinite(limit)) return limit > 0 ? max : 0;
  return Math.min(Math.max(0, Math.floor(limit)), max);
}
