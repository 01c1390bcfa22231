// Forms an agent asked a person to fill in (ACP elicitations) ↔ the `elicitation_requests` table.
import type { ElicitationRequest } from '../protocol/elicitationEntities.js';
import { columnsOf, json, jsonOrNull } from './columns.js';
import type { Database } from './database.js';
import { EntityTable } from './entityTable.js';

type ElicitationState = ElicitationRequest['state'];
export type ElicitationPatch = Partial<Omit<ElicitationRequest, 'id' | 'sessionId'>>;

const COLUMNS = columnsOf<ElicitationRequest>()(
  ['id', 'sessionId', 'turnId', 'message', 'requestedSchema', 'state', 'action', 'content', 'answeredBy', 'createdAt', 'answeredAt'],
  { requestedSchema: json(), content: jsonOrNull() },
);

const ORDER = 'ORDER BY created_at, rowid';

export class ElicitationsRepo {
  private readonly table: EntityTable<ElicitationRequest, 'id' | 'sessionId'>;
  private readonly bySession: (sessionId: string) => ElicitationRequest[];
  private readonly bySessionAndState: (sessionId: string, state: ElicitationState) => ElicitationRequest[];

  constructor(db: Database) {
    this.table = new EntityTable(db, 'elicitation_requests', COLUMNS, ['id', 'sessionId']);
    this.bySession = this.table.many(`WHERE session_id = ? ${ORDER}`);
    this.bySessionAndState = this.table.many(`WHERE session_id = ? AND state = ? ${ORDER}`);
  }

  /** Throws `StorageError` `conflict` (field `id`) or `invalid_reference` (no such session or turn). */
  insert(request: ElicitationRequest): ElicitationRequest {
    return this.table.insert(request, 'recording an elicitation');
  }

  /** Throws `StorageError` `not_found`. */
  update(id: string, patch: ElicitationPatch): ElicitationRequest {
    return this.table.update(id, patch, 'updating an elicitation');
  }

  get(id: string): ElicitationRequest | null {
    return this.table.get(id);
  }

  /** Oldest first; only those in `state` when given. */
  listBySession(sessionId: string, state?: ElicitationState): ElicitationRequest[] {
    return state === undefined ? this.bySession(sessionId) : this.bySessionAndState(sessionId, state);
  }
}
