// Registered projects (repositories) ↔ the `projects` table.
import type { Project } from '../protocol/entities.js';
import { columnsOf, optional, optionalJson, optionalJsonField } from './columns.js';
import type { Database, Statement } from './database.js';
import { EntityTable } from './entityTable.js';
import { guard } from './errors.js';

export type ProjectPatch = Partial<Pick<Project, 'name' | 'slug' | 'defaultBranch' | 'budgetUsdPerDay' | 'mcpServers' | 'configOverride' | 'worktreeRoot'>> & { updatedAt: string };

const COLUMNS = columnsOf<Project>()(
  ['id', 'slug', 'name', 'repoPath', 'defaultBranch', 'createdAt', 'updatedAt', 'budgetUsdPerDay', 'mcpServers', 'configOverride', 'worktreeRoot'],
  // These read back only when set, so a project written without them reads back as written.
  { budgetUsdPerDay: optional(), mcpServers: optionalJsonField(), configOverride: optionalJson(), worktreeRoot: optional() },
);

export class ProjectsRepo {
  private readonly table: EntityTable<Project, 'id' | 'repoPath' | 'createdAt'>;
  private readonly bySlug: (slug: string) => Project | null;
  private readonly byRepoPath: (repoPath: string) => Project | null;
  private readonly all: () => Project[];
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    // A project stays at its repository; only its names, branch and update time change.
    this.table = new EntityTable(db, 'projects', COLUMNS, ['id', 'repoPath', 'createdAt']);
    this.bySlug = this.table.one('WHERE slug = ?');
    this.byRepoPath = this.table.one('WHERE repo_path = ?');
    this.all = this.table.many('ORDER BY name COLLATE NOCASE, slug');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM projects WHERE id = ?');
  }

  /** Throws `StorageError` `conflict` with field `id`, `slug` or `repoPath`. */
  insert(project: Project): Project {
    return this.table.insert(project, 'adding a project');
  }

  /** Throws `StorageError` `not_found`, or `conflict` (field `slug`). */
  update(id: string, patch: ProjectPatch): Project {
    return this.table.update(id, patch, 'updating a project');
  }

  get(id: string): Project | null {
    return this.table.get(id);
  }

  getBySlug(slug: string): Project | null {
    return this.bySlug(slug);
  }

  getByRepoPath(repoPath: string): Project | null {
    return this.byRepoPath(repoPath);
  }

  /** All projects, by name. */
  list(): Project[] {
    return this.all();
  }

  /** Removes the row; its sessions must be deleted first (the foreign key refuses otherwise). */
  delete(id: string): boolean {
    return guard('removing a project', () => this.deleteStmt.run(id).changes > 0);
  }
}
