// Files a session produced (plans, diffs, transcripts, logs) ↔ the `artifacts` table.
import type { Artifact } from '../protocol/entities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';

interface ArtifactRow {
  id: string;
  session_id: string;
  project_id: string;
  kind: string;
  path: string;
  size: number;
  turn_index: number | null;
  created_at: string;
}

export interface ArtifactFilter {
  sessionId?: string;
  projectId?: string;
}

function toArtifact(r: ArtifactRow): Artifact {
  return {
    id: r.id,
    sessionId: r.session_id,
    projectId: r.project_id,
    kind: r.kind as Artifact['kind'],
    path: r.path,
    size: r.size,
    turnIndex: r.turn_index,
    createdAt: r.created_at,
  };
}

export class ArtifactsRepo {
  private readonly insertStmt: Statement<[ArtifactRow]>;
  private readonly byId: Statement<[string], ArtifactRow>;
  private readonly listStmt: Statement<[{ sessionId: string | null; projectId: string | null }], ArtifactRow>;
  private readonly deleteBySessionStmt: Statement<[string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[ArtifactRow]>(
      `INSERT INTO artifacts (id, session_id, project_id, kind, path, size, turn_index, created_at)
       VALUES (@id, @session_id, @project_id, @kind, @path, @size, @turn_index, @created_at)`,
    );
    this.byId = db.prepare<[string], ArtifactRow>('SELECT * FROM artifacts WHERE id = ?');
    this.listStmt = db.prepare<[{ sessionId: string | null; projectId: string | null }], ArtifactRow>(
      `SELECT * FROM artifacts
       WHERE (@sessionId IS NULL OR session_id = @sessionId)
         AND (@projectId IS NULL OR project_id = @projectId)
       ORDER BY created_at, rowid`,
    );
    this.deleteBySessionStmt = db.prepare<[string]>('DELETE FROM artifacts WHERE session_id = ?');
  }

  /** Throws `StorageError` `conflict` (field `id`). */
  insert(artifact: Artifact): Artifact {
    guard('recording an artifact', () =>
      this.insertStmt.run({
        id: artifact.id,
        session_id: artifact.sessionId,
        project_id: artifact.projectId,
        kind: artifact.kind,
        path: artifact.path,
        size: artifact.size,
        turn_index: artifact.turnIndex,
        created_at: artifact.createdAt,
      }),
    );
    return artifact;
  }

  get(id: string): Artifact | null {
    const row = this.byId.get(id);
    return row ? toArtifact(row) : null;
  }

  /** Oldest first; every artifact when the filter is empty. */
  list(filter: ArtifactFilter = {}): Artifact[] {
    return this.listStmt
      .all({ sessionId: filter.sessionId ?? null, projectId: filter.projectId ?? null })
      .map(toArtifact);
  }

  /** Number of rows removed. The files themselves are the caller's to delete. */
  deleteBySession(sessionId: string): number {
    return this.deleteBySessionStmt.run(sessionId).changes;
  }
}
