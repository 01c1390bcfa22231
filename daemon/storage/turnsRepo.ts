// Turns (one prompt each, run one at a time per session) ↔ the `turns` table.
import type { Turn } from '../protocol/entities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';
import { PatchStatements, plain, type PatchColumns } from './patch.js';

interface TurnRow {
  id: string;
  session_id: string;
  idx: number;
  prompt: string;
  state: string;
  stop_reason: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export type TurnPatch = Partial<Omit<Turn, 'id' | 'sessionId'>>;

const PATCH_COLUMNS: PatchColumns<Omit<Turn, 'id' | 'sessionId'>> = {
  index: plain('idx'),
  prompt: plain('prompt'),
  state: plain('state'),
  stopReason: plain('stop_reason'),
  error: plain('error'),
  createdAt: plain('created_at'),
  startedAt: plain('started_at'),
  endedAt: plain('ended_at'),
};

function toTurn(r: TurnRow): Turn {
  return {
    id: r.id,
    sessionId: r.session_id,
    index: r.idx,
    prompt: r.prompt,
    state: r.state as Turn['state'],
    stopReason: r.stop_reason,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}

export class TurnsRepo {
  private readonly insertStmt: Statement<[TurnRow]>;
  private readonly byId: Statement<[string], TurnRow>;
  private readonly bySession: Statement<[string], TurnRow>;
  private readonly maxIndex: Statement<[string], number>;
  private readonly firstQueued: Statement<[string], TurnRow>;
  private readonly runningStmt: Statement<[string], TurnRow>;
  private readonly patches: PatchStatements<Omit<Turn, 'id' | 'sessionId'>, TurnRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[TurnRow]>(
      `INSERT INTO turns (id, session_id, idx, prompt, state, stop_reason, error, created_at, started_at, ended_at)
       VALUES (@id, @session_id, @idx, @prompt, @state, @stop_reason, @error, @created_at, @started_at, @ended_at)`,
    );
    this.byId = db.prepare<[string], TurnRow>('SELECT * FROM turns WHERE id = ?');
    this.bySession = db.prepare<[string], TurnRow>('SELECT * FROM turns WHERE session_id = ? ORDER BY idx');
    this.maxIndex = db
      .prepare<[string], number>('SELECT coalesce(max(idx) + 1, 0) FROM turns WHERE session_id = ?')
      .pluck();
    this.firstQueued = db.prepare<[string], TurnRow>(
      "SELECT * FROM turns WHERE session_id = ? AND state = 'queued' ORDER BY idx LIMIT 1",
    );
    this.runningStmt = db.prepare<[string], TurnRow>(
      "SELECT * FROM turns WHERE session_id = ? AND state = 'running' ORDER BY idx LIMIT 1",
    );
    this.patches = new PatchStatements(db, 'turns', PATCH_COLUMNS);
  }

  /**
   * Throws `StorageError` `conflict` (field `sessionId,index` when the index is taken, `id` for a
   * duplicate id) or `invalid_reference` (no such session).
   */
  insert(turn: Turn): Turn {
    guard('queuing a turn', () =>
      this.insertStmt.run({
        id: turn.id,
        session_id: turn.sessionId,
        idx: turn.index,
        prompt: turn.prompt,
        state: turn.state,
        stop_reason: turn.stopReason,
        error: turn.error,
        created_at: turn.createdAt,
        started_at: turn.startedAt,
        ended_at: turn.endedAt,
      }),
    );
    return turn;
  }

  /** Throws `StorageError` `not_found`. */
  update(id: string, patch: TurnPatch): Turn {
    return toTurn(this.patches.apply(id, patch, 'updating a turn'));
  }

  get(id: string): Turn | null {
    const row = this.byId.get(id);
    return row ? toTurn(row) : null;
  }

  /** In prompt order. */
  listBySession(sessionId: string): Turn[] {
    return this.bySession.all(sessionId).map(toTurn);
  }

  /** The index the session's next turn takes (0 for the first). */
  nextIndex(sessionId: string): number {
    return this.maxIndex.get(sessionId) ?? 0;
  }

  /** The oldest queued turn: the one to run next. */
  nextQueued(sessionId: string): Turn | null {
    const row = this.firstQueued.get(sessionId);
    return row ? toTurn(row) : null;
  }

  /** The turn running now, if any. */
  running(sessionId: string): Turn | null {
    const row = this.runningStmt.get(sessionId);
    return row ? toTurn(row) : null;
  }
}
