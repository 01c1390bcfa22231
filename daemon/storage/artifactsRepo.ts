// Files a session produced (plans, diffs, transcripts, logs) ↔ the `artifacts` table.
import type { Artifact } from '../protocol/entities.js';
import { columnsOf } from './columns.js';
import type { Database, Statement } from './database.js';
import { EntityTable } from './entityTable.js';

export interface ArtifactFilter {
  sessionId?: string;
  projectId?: string;
}

const COLUMNS = columnsOf<Artifact>()(['id', 'sessionId', 'projectId', 'kind', 'path', 'size', 'turnIndex', 'createdAt']);

export class ArtifactsRepo {
  // Artifacts are written once and never patched: every field is fixed.
  private readonly table: EntityTable<Artifact, keyof Artifact>;
  private readonly filtered: (filter: { sessionId: string | null; projectId: string | null }) => Artifact[];
  private readonly deleteBySessionStmt: Statement<[string]>;

  constructor(db: Database) {
    this.table = new EntityTable(db, 'artifacts', COLUMNS, Object.keys(COLUMNS) as (keyof Artifact)[]);
    this.filtered = this.table.many(
      `WHERE (@sessionId IS NULL OR session_id = @sessionId)
         AND (@projectId IS NULL OR project_id = @projectId)
       ORDER BY created_at, rowid`,
    );
    this.deleteBySessionStmt = db.prepare<[string]>('DELETE FROM artifacts WHERE session_id = ?');
  }

  /** Throws `StorageError` `conflict` (field `id`). */
  insert(artifact: Artifact): Artifact {
    return this.table.insert(artifact, 'recording an artifact');
  }

  get(id: string): Artifact | null {
    return this.table.get(id);
  }

  /** Oldest first; every artifact when the filter is empty. */
  list(filter: ArtifactFilter = {}): Artifact[] {
    return this.filtered({ sessionId: filter.sessionId ?? null, projectId: filter.projectId ?? null });
  }

  /** Number of rows removed. The files themselves are the caller's to delete. */
  deleteBySession(sessionId: string): number {
    return this.deleteBySessionStmt.run(sessionId).changes;
  }
}
