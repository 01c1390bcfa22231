// Permission requests an agent parked for a person (or a policy) ↔ the `permission_requests` table.
import type { PermissionRequest } from '../protocol/entities.js';
import { columnsOf, json } from './columns.js';
import type { Database } from './database.js';
import { EntityTable } from './entityTable.js';

type PermissionState = PermissionRequest['state'];
export type PermissionPatch = Partial<Omit<PermissionRequest, 'id' | 'sessionId'>>;

const COLUMNS = columnsOf<PermissionRequest>()(
  ['id', 'sessionId', 'turnId', 'toolCall', 'options', 'state', 'chosenOptionId', 'answeredBy', 'createdAt', 'answeredAt'],
  { toolCall: json(), options: json() },
);

const ORDER = 'ORDER BY created_at, rowid';

export class PermissionsRepo {
  private readonly table: EntityTable<PermissionRequest, 'id' | 'sessionId'>;
  private readonly bySession: (sessionId: string) => PermissionRequest[];
  private readonly bySessionAndState: (sessionId: string, state: PermissionState) => PermissionRequest[];
  private readonly pending: () => PermissionRequest[];

  constructor(db: Database) {
    this.table = new EntityTable(db, 'permission_requests', COLUMNS, ['id', 'sessionId']);
    this.bySession = this.table.many(`WHERE session_id = ? ${ORDER}`);
    this.bySessionAndState = this.table.many(`WHERE session_id = ? AND state = ? ${ORDER}`);
    this.pending = this.table.many(`WHERE state = 'pending' ${ORDER}`);
  }

  /** Throws `StorageError` `conflict` (field `id`) or `invalid_reference` (no such session or turn). */
  insert(request: PermissionRequest): PermissionRequest {
    return this.table.insert(request, 'recording a permission request');
  }

  /** Throws `StorageError` `not_found`. */
  update(id: string, patch: PermissionPatch): PermissionRequest {
    return this.table.update(id, patch, 'updating a permission request');
  }

  get(id: string): PermissionRequest | null {
    return this.table.get(id);
  }

  /** Oldest first; only those in `state` when given. */
  listBySession(sessionId: string, state?: PermissionState): PermissionRequest[] {
    return state === undefined ? this.bySession(sessionId) : this.bySessionAndState(sessionId, state);
  }

  /** Every pending request across sessions, oldest first (the daemon cancels these on restart). */
  listPending(): PermissionRequest[] {
    return this.pending();
  }
}
