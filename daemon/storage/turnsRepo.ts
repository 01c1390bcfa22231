// Turns (one prompt each, run one at a time per session) ↔ the `turns` table.
import type { Turn } from '../protocol/entities.js';
import { column, columnsOf, optionalJson } from './columns.js';
import type { Database, Statement } from './database.js';
import { EntityTable } from './entityTable.js';

export type TurnPatch = Partial<Omit<Turn, 'id' | 'sessionId'>>;

const COLUMNS = columnsOf<Turn>()(
  ['id', 'sessionId', 'index', 'prompt', 'state', 'stopReason', 'error', 'createdAt', 'startedAt', 'endedAt', 'usage'],
  // `index` is an SQL keyword.
  { index: column('idx'), usage: optionalJson() },
);

export class TurnsRepo {
  private readonly table: EntityTable<Turn, 'id' | 'sessionId'>;
  private readonly bySession: (sessionId: string) => Turn[];
  private readonly maxIndex: Statement<[string], number>;
  private readonly firstQueued: (sessionId: string) => Turn | null;
  private readonly firstRunning: (sessionId: string) => Turn | null;

  constructor(db: Database) {
    this.table = new EntityTable(db, 'turns', COLUMNS, ['id', 'sessionId']);
    this.bySession = this.table.many('WHERE session_id = ? ORDER BY idx');
    this.maxIndex = db
      .prepare<[string], number>('SELECT coalesce(max(idx) + 1, 0) FROM turns WHERE session_id = ?')
      .pluck();
    this.firstQueued = this.table.one("WHERE session_id = ? AND state = 'queued' ORDER BY idx LIMIT 1");
    this.firstRunning = this.table.one("WHERE session_id = ? AND state = 'running' ORDER BY idx LIMIT 1");
  }

  /**
   * Throws `StorageError` `conflict` (field `sessionId,index` when the index is taken, `id` for a
   * duplicate id) or `invalid_reference` (no such session).
   */
  insert(turn: Turn): Turn {
    return this.table.insert(turn, 'queuing a turn');
  }

  /** Throws `StorageError` `not_found`. */
  update(id: string, patch: TurnPatch): Turn {
    return this.table.update(id, patch, 'updating a turn');
  }

  get(id: string): Turn | null {
    return this.table.get(id);
  }

  /** In prompt order. */
  listBySession(sessionId: string): Turn[] {
    return this.bySession(sessionId);
  }

  /** The index the session's next turn takes (0 for the first). */
  nextIndex(sessionId: string): number {
    return this.maxIndex.get(sessionId) ?? 0;
  }

  /** The oldest queued turn: the one to run next. */
  nextQueued(sessionId: string): Turn | null {
    return this.firstQueued(sessionId);
  }

  /** The turn running now, if any. */
  running(sessionId: string): Turn | null {
    return this.firstRunning(sessionId);
  }
}
