// Sessions ↔ the `sessions` table.
import { SESSION_STATES, type AuthMethod, type Isolation, type Session, type SessionState } from '../protocol/entities.js';
import type { CheckpointPolicy, Drift, Merged } from '../protocol/reviewEntities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';
import {
  PatchStatements,
  bool,
  columnNames,
  encodeAll,
  json,
  jsonOrNull,
  parseJsonOrNull,
  plain,
  type EntityColumns,
} from './patch.js';

interface SessionRow {
  id: string;
  short_id: string;
  project_id: string;
  agent: string;
  action: string;
  title: string;
  prompt: string;
  model: string | null;
  scope_path: string | null;
  state: string;
  state_reason: string | null;
  state_detail: string | null;
  permission_policy: string;
  read_only: number;
  cwd: string;
  worktree_path: string | null;
  branch: string | null;
  base_ref: string;
  base_commit: string | null;
  acp_session_id: string | null;
  runtime_handle: string | null;
  agent_capabilities: string | null;
  auth_methods: string;
  exit_code: number | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
  checkpoint_policy: string;
  drift: string | null;
  merged: string | null;
  isolation: string | null;
}

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
export const ACTIVE_STATES: readonly SessionState[] = ['created', 'running', 'waiting_for_user'];

// Every field but the id, with its column: inserts and patches are both built from this one list.
const COLUMNS: EntityColumns<Omit<Session, 'id'>> = {
  shortId: plain('short_id'),
  projectId: plain('project_id'),
  agent: plain('agent'),
  action: plain('action'),
  title: plain('title'),
  prompt: plain('prompt'),
  model: plain('model'),
  scopePath: plain('scope_path'),
  state: plain('state'),
  stateReason: plain('state_reason'),
  stateDetail: plain('state_detail'),
  permissionPolicy: plain('permission_policy'),
  readOnly: bool('read_only'),
  cwd: plain('cwd'),
  worktreePath: plain('worktree_path'),
  branch: plain('branch'),
  baseRef: plain('base_ref'),
  baseCommit: plain('base_commit'),
  acpSessionId: plain('acp_session_id'),
  runtimeHandle: plain('runtime_handle'),
  agentCapabilities: jsonOrNull('agent_capabilities'),
  authMethods: json('auth_methods'),
  exitCode: plain('exit_code'),
  createdAt: plain('created_at'),
  updatedAt: plain('updated_at'),
  endedAt: plain('ended_at'),
  // Optional on the record: an insert without them stores the defaults.
  checkpointPolicy: { column: 'checkpoint_policy', encode: (v) => v ?? 'per-turn' },
  drift: { column: 'drift', encode: (v) => (v == null ? null : JSON.stringify(v)) },
  merged: { column: 'merged', encode: (v) => (v == null ? null : JSON.stringify(v)) },
  isolation: { column: 'isolation', encode: (v) => (v == null ? null : JSON.stringify(v)) },
};

// Enum columns are trusted: only this repo writes them, from values the protocol's types allow.
function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    shortId: r.short_id,
    projectId: r.project_id,
    agent: r.agent,
    action: r.action as Session['action'],
    title: r.title,
    prompt: r.prompt,
    model: r.model,
    scopePath: r.scope_path,
    state: r.state as SessionState,
    stateReason: r.state_reason as Session['stateReason'],
    stateDetail: r.state_detail,
    permissionPolicy: r.permission_policy as Session['permissionPolicy'],
    readOnly: r.read_only === 1,
    cwd: r.cwd,
    worktreePath: r.worktree_path,
    branch: r.branch,
    baseRef: r.base_ref,
    baseCommit: r.base_commit,
    acpSessionId: r.acp_session_id,
    runtimeHandle: r.runtime_handle,
    agentCapabilities: parseJsonOrNull<Record<string, unknown>>(r.agent_capabilities),
    authMethods: JSON.parse(r.auth_methods) as AuthMethod[],
    exitCode: r.exit_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    endedAt: r.ended_at,
    // Review flags appear only when they say something, so records without them read back as written.
    ...(r.checkpoint_policy !== 'per-turn' ? { checkpointPolicy: r.checkpoint_policy as CheckpointPolicy } : {}),
    ...(r.drift !== null ? { drift: JSON.parse(r.drift) as Drift } : {}),
    ...(r.merged !== null ? { merged: JSON.parse(r.merged) as Merged } : {}),
    ...(r.isolation !== null ? { isolation: JSON.parse(r.isolation) as Isolation } : {}),
  };
}

interface ListParams {
  projectId: string | null;
  states: string | null;
  excluded: string;
  limit: number;
  offset: number;
}

export class SessionsRepo {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byId: Statement<[string], SessionRow>;
  private readonly byShortIdPrefix: Statement<[string, string], SessionRow>;
  private readonly listStmt: Statement<[ListParams], SessionRow>;
  private readonly countStmt: Statement<[], { state: string; n: number }>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly patches: PatchStatements<Omit<Session, 'id'>, SessionRow>;

  constructor(db: Database) {
    const columns = ['id', ...columnNames(COLUMNS)];
    this.insertStmt = db.prepare<unknown[]>(
      `INSERT INTO sessions (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    this.byId = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
    // A range instead of LIKE: no wildcard escaping, and the short_id index serves it.
    this.byShortIdPrefix = db.prepare<[string, string], SessionRow>(
      'SELECT * FROM sessions WHERE short_id >= ? AND short_id < ? ORDER BY created_at DESC, rowid DESC LIMIT 50',
    );
    // One statement for every filter shape: sessions number in the thousands, not millions, so
    // the optional conditions cost nothing worth a statement per shape.
    this.listStmt = db.prepare<[ListParams], SessionRow>(
      `SELECT * FROM sessions
       WHERE (@projectId IS NULL OR project_id = @projectId)
         AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
         AND (@states IS NOT NULL OR state NOT IN (SELECT value FROM json_each(@excluded)))
       ORDER BY created_at DESC, rowid DESC
       LIMIT @limit OFFSET @offset`,
    );
    this.countStmt = db.prepare<[], { state: string; n: number }>(
      'SELECT state, count(*) AS n FROM sessions GROUP BY state',
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
    this.patches = new PatchStatements<Omit<Session, 'id'>, SessionRow>(db, 'sessions', COLUMNS);
  }

  /** Throws `StorageError` `conflict` (field `id`) or `invalid_reference` (no such project). */
  insert(session: Session): Session {
    guard('creating a session', () => this.insertStmt.run(session.id, ...encodeAll(COLUMNS, session)));
    return session;
  }

  /** Writes only the fields present in `patch`; throws `StorageError` `not_found`. */
  update(id: string, patch: SessionPatch): Session {
    return toSession(this.patches.apply(id, patch, 'updating a session'));
  }

  get(id: string): Session | null {
    const row = this.byId.get(id);
    return row ? toSession(row) : null;
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
    return this.byShortIdPrefix.all(prefix, `${prefix}\u{10FFFF}`).map(toSession);
  }

  /** Newest first. */
  list(filter: SessionFilter = {}): Session[] {
    const excluded: SessionState[] = filter.includeArchived ? ['deleted'] : ['deleted', 'archived'];
    return this.listStmt
      .all({
        projectId: filter.projectId ?? null,
        states: filter.states ? JSON.stringify(filter.states) : null,
        excluded: JSON.stringify(excluded),
        limit: filter.limit ?? -1,
        offset: filter.offset ?? 0,
      })
      .map(toSession);
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

