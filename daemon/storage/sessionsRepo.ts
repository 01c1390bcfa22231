// Sessions ↔ the `sessions` table.
import { SESSION_STATES, type Session, type SessionState } from '../protocol/entities.js';
import type { CheckpointPolicy } from '../protocol/reviewEntities.js';
import { ACTIVE_STATES, RETIRED_STATES } from '../protocol/sessionStates.js';
import { bool, columnsOf, json, jsonOrNull, optional, optionalJson, optionalWithDefault } from './columns.js';
import type { Database, Statement } from './database.js';
import { EntityTable } from './entityTable.js';
import { guard } from './errors.js';

export type SessionPatch = Partial<Omit<Session, 'id'>>;

export interface SessionFilter {
  projectId?: string;
  /** Exactly these states. When absent: every state but `deleted`, and `archived` only with `includeArchived`. */
  states?: readonly SessionState[];
  includeArchived?: boolean;
  limit?: number;
  offset?: number;
}

/** States whose agent may still be doing something; the daemon reconciles these on start. */

const COLUMNS = columnsOf<Session>()(
  [
    'id', 'shortId', 'projectId', 'agent', 'action', 'title', 'prompt', 'model', 'scopePath',
    'state', 'stateReason', 'stateDetail', 'permissionPolicy', 'readOnly', 'cwd', 'worktreePath', 'branch',
    'baseRef', 'baseCommit', 'acpSessionId', 'runtimeHandle', 'agentCapabilities', 'authMethods', 'exitCode',
    'createdAt', 'updatedAt', 'endedAt', 'checkpointPolicy', 'drift', 'merged', 'isolation',
    'configOptions', 'requestedSettings', 'commands', 'usage', 'ports', 'setup', 'queueSeq', 'disk', 'pruned',
  ],
  {
    readOnly: bool(),
    agentCapabilities: jsonOrNull(),
    authMethods: json(),
    // Review flags and isolation are optional on the record: an insert without them stores the
    // defaults, and they read back only when they say something, so records read back as written.
    checkpointPolicy: optionalWithDefault<CheckpointPolicy>('per-turn'),
    drift: optionalJson(),
    merged: optionalJson(),
    isolation: optionalJson(),
    configOptions: optionalJson(),
    requestedSettings: optionalJson(),
    commands: optionalJson(),
    usage: optionalJson(),
    // Set only while queued: a NULL reads back as an absent field, as it was written.
    queueSeq: optional(),
    ports: optionalJson(),
    setup: optionalJson(),
    disk: optionalJson(),
    pruned: optionalJson(),
  },
);

interface ListParams {
  projectId: string | null;
  states: string | null;
  excluded: string;
  limit: number;
  offset: number;
}

export class SessionsRepo {
  private readonly table: EntityTable<Session>;
  private readonly byShortIdRange: (from: string, to: string) => Session[];
  private readonly filtered: (params: ListParams) => Session[];
  private readonly countStmt: Statement<[], { state: string; n: number }>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    this.table = new EntityTable(db, 'sessions', COLUMNS, ['id']);
    // A range instead of LIKE: no wildcard escaping, and the short_id index serves it.
    this.byShortIdRange = this.table.many(
      'WHERE short_id >= ? AND short_id < ? ORDER BY created_at DESC, rowid DESC LIMIT 50',
    );
    // One statement for every filter shape: sessions number in the thousands, not millions, so
    // the optional conditions cost nothing worth a statement per shape.
    this.filtered = this.table.many(
      `WHERE (@projectId IS NULL OR project_id = @projectId)
         AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
         AND (@states IS NOT NULL OR state NOT IN (SELECT value FROM json_each(@excluded)))
       ORDER BY created_at DESC, rowid DESC
       LIMIT @limit OFFSET @offset`,
    );
    this.countStmt = db.prepare<[], { state: string; n: number }>(
      'SELECT state, count(*) AS n FROM sessions GROUP BY state',
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  }

  /** Throws `StorageError` `conflict` (field `id`) or `invalid_reference` (no such project). */
  insert(session: Session): Session {
    return this.table.insert(session, 'creating a session');
  }

  /** Writes only the fields present in `patch`; throws `StorageError` `not_found`. */
  update(id: string, patch: SessionPatch): Session {
    return this.table.update(id, patch, 'updating a session');
  }

  get(id: string): Session | null {
    return this.table.get(id);
  }

  /**
   * The one session whose short id is `prefix` or starts with it; null when none or several match
   * (an ambiguous prefix must not pick a session at random). An exact short id always wins.
   */
  getByShortIdPrefix(prefix: string): Session | null {
    const matches = this.listByShortIdPrefix(prefix);
    const exact = matches.filter((s) => s.shortId === prefix);
    if (exact.length === 1) return exact[0] ?? null;
    return matches.length === 1 ? (matches[0] ?? null) : null;
  }

  /** Sessions whose short id starts with `prefix`, newest first (at most 50), to show when a prefix is ambiguous. */
  listByShortIdPrefix(prefix: string): Session[] {
    if (prefix.length === 0) return [];
    return this.byShortIdRange(prefix, `${prefix}\u{10FFFF}`);
  }

  /** Newest first. */
  list(filter: SessionFilter = {}): Session[] {
    const excluded: readonly SessionState[] = filter.includeArchived ? ['deleted'] : RETIRED_STATES;
    return this.filtered({
      projectId: filter.projectId ?? null,
      states: filter.states ? JSON.stringify(filter.states) : null,
      excluded: JSON.stringify(excluded),
      limit: filter.limit ?? -1,
      offset: filter.offset ?? 0,
    });
  }

  /** Number of sessions in each state, zero for states with none. */
  countByState(): Record<SessionState, number> {
    const counts = Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as Record<SessionState, number>;
    for (const { state, n } of this.countStmt.all()) counts[state as SessionState] = n;
    return counts;
  }

  /** Deletes the session with its turns and permission requests; events and artifacts are the caller's to remove. */
  delete(id: string): boolean {
    return guard('deleting a session', () => this.deleteStmt.run(id).changes > 0);
  }

  /** Sessions in created, running or waiting_for_user, newest first. */
  listActive(): Session[] {
    return this.list({ states: ACTIVE_STATES });
  }
}

