// Permission requests an agent parked for a person (or a policy) ↔ the `permission_requests` table.
import type { PermissionOption, PermissionRequest } from '../protocol/entities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';
import { PatchStatements, json, plain, type PatchColumns } from './patch.js';

interface PermissionRow {
  id: string;
  session_id: string;
  turn_id: string | null;
  tool_call: string;
  options: string;
  state: string;
  chosen_option_id: string | null;
  answered_by: string | null;
  created_at: string;
  answered_at: string | null;
}

type PermissionState = PermissionRequest['state'];
export type PermissionPatch = Partial<Omit<PermissionRequest, 'id' | 'sessionId'>>;

const PATCH_COLUMNS: PatchColumns<Omit<PermissionRequest, 'id' | 'sessionId'>> = {
  turnId: plain('turn_id'),
  toolCall: json('tool_call'),
  options: json('options'),
  state: plain('state'),
  chosenOptionId: plain('chosen_option_id'),
  answeredBy: plain('answered_by'),
  createdAt: plain('created_at'),
  answeredAt: plain('answered_at'),
};

function toRequest(r: PermissionRow): PermissionRequest {
  return {
    id: r.id,
    sessionId: r.session_id,
    turnId: r.turn_id,
    toolCall: JSON.parse(r.tool_call) as Record<string, unknown>,
    options: JSON.parse(r.options) as PermissionOption[],
    state: r.state as PermissionState,
    chosenOptionId: r.chosen_option_id,
    answeredBy: r.answered_by as PermissionRequest['answeredBy'],
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

const ORDER = 'ORDER BY created_at, rowid';

export class PermissionsRepo {
  private readonly insertStmt: Statement<[PermissionRow]>;
  private readonly byId: Statement<[string], PermissionRow>;
  private readonly bySession: Statement<[string], PermissionRow>;
  private readonly bySessionAndState: Statement<[string, string], PermissionRow>;
  private readonly pending: Statement<[], PermissionRow>;
  private readonly patches: PatchStatements<Omit<PermissionRequest, 'id' | 'sessionId'>, PermissionRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[PermissionRow]>(
      `INSERT INTO permission_requests
         (id, session_id, turn_id, tool_call, options, state, chosen_option_id, answered_by, created_at, answered_at)
       VALUES (@id, @session_id, @turn_id, @tool_call, @options, @state, @chosen_option_id, @answered_by, @created_at, @answered_at)`,
    );
    this.byId = db.prepare<[string], PermissionRow>('SELECT * FROM permission_requests WHERE id = ?');
    this.bySession = db.prepare<[string], PermissionRow>(`SELECT * FROM permission_requests WHERE session_id = ? ${ORDER}`);
    this.bySessionAndState = db.prepare<[string, string], PermissionRow>(
      `SELECT * FROM permission_requests WHERE session_id = ? AND state = ? ${ORDER}`,
    );
    this.pending = db.prepare<[], PermissionRow>(`SELECT * FROM permission_requests WHERE state = 'pending' ${ORDER}`);
    this.patches = new PatchStatements(db, 'permission_requests', PATCH_COLUMNS);
  }

  /** Throws `StorageError` `conflict` (field `id`) or `invalid_reference` (no such session or turn). */
  insert(request: PermissionRequest): PermissionRequest {
    guard('recording a permission request', () =>
      this.insertStmt.run({
        id: request.id,
        session_id: request.sessionId,
        turn_id: request.turnId,
        tool_call: JSON.stringify(request.toolCall),
        options: JSON.stringify(request.options),
        state: request.state,
        chosen_option_id: request.chosenOptionId,
        answered_by: request.answeredBy,
        created_at: request.createdAt,
        answered_at: request.answeredAt,
      }),
    );
    return request;
  }

  /** Throws `StorageError` `not_found`. */
  update(id: string, patch: PermissionPatch): PermissionRequest {
    return toRequest(this.patches.apply(id, patch, 'updating a permission request'));
  }

  get(id: string): PermissionRequest | null {
    const row = this.byId.get(id);
    return row ? toRequest(row) : null;
  }

  /** Oldest first; only those in `state` when given. */
  listBySession(sessionId: string, state?: PermissionState): PermissionRequest[] {
    const rows = state === undefined ? this.bySession.all(sessionId) : this.bySessionAndState.all(sessionId, state);
    return rows.map(toRequest);
  }

  /** Every pending request across sessions, oldest first (the daemon cancels these on restart). */
  listPending(): PermissionRequest[] {
    return this.pending.all().map(toRequest);
  }
}
