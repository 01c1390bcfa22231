// Registered projects (repositories) ↔ the `projects` table.
import type { Project } from '../protocol/entities.js';
import type { Database, Statement } from './database.js';
import { guard } from './errors.js';
import { PatchStatements, plain, type PatchColumns } from './patch.js';

interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  repo_path: string;
  default_branch: string;
  created_at: string;
  updated_at: string;
}

export type ProjectPatch = Partial<Pick<Project, 'name' | 'slug' | 'defaultBranch'>> & { updatedAt: string };

const PATCH_COLUMNS: PatchColumns<ProjectPatch> = {
  name: plain('name'),
  slug: plain('slug'),
  defaultBranch: plain('default_branch'),
  updatedAt: plain('updated_at'),
};

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    repoPath: row.repo_path,
    defaultBranch: row.default_branch,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class ProjectsRepo {
  private readonly insertStmt: Statement<[ProjectRow]>;
  private readonly byId: Statement<[string], ProjectRow>;
  private readonly bySlug: Statement<[string], ProjectRow>;
  private readonly byRepoPath: Statement<[string], ProjectRow>;
  private readonly all: Statement<[], ProjectRow>;
  private readonly patches: PatchStatements<ProjectPatch, ProjectRow>;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[ProjectRow]>(
      `INSERT INTO projects (id, slug, name, repo_path, default_branch, created_at, updated_at)
       VALUES (@id, @slug, @name, @repo_path, @default_branch, @created_at, @updated_at)`,
    );
    this.byId = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?');
    this.bySlug = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE slug = ?');
    this.byRepoPath = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE repo_path = ?');
    this.all = db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY name COLLATE NOCASE, slug');
    this.patches = new PatchStatements(db, 'projects', PATCH_COLUMNS);
  }

  /** Throws `StorageError` `conflict` with field `id`, `slug` or `repoPath`. */
  insert(project: Project): Project {
    guard('adding a project', () =>
      this.insertStmt.run({
        id: project.id,
        slug: project.slug,
        name: project.name,
        repo_path: project.repoPath,
        default_branch: project.defaultBranch,
        created_at: project.createdAt,
        updated_at: project.updatedAt,
      }),
    );
    return project;
  }

  /** Throws `StorageError` `not_found`, or `conflict` (field `slug`). */
  update(id: string, patch: ProjectPatch): Project {
    return toProject(this.patches.apply(id, patch, 'updating a project'));
  }

  get(id: string): Project | null {
    const row = this.byId.get(id);
    return row ? toProject(row) : null;
  }

  getBySlug(slug: string): Project | null {
    const row = this.bySlug.get(slug);
    return row ? toProject(row) : null;
  }

  getByRepoPath(repoPath: string): Project | null {
    const row = this.byRepoPath.get(repoPath);
    return row ? toProject(row) : null;
  }

  /** All projects, by name. */
  list(): Project[] {
    return this.all.all().map(toProject);
  }
}
