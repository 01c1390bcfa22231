// Registering git repositories as projects: one row per repository, a unique slug, the default branch.
import os from 'node:os';
import path from 'node:path';
import type { Project } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { McpServer } from '../protocol/mcpEntities.js';
import type { ProjectConfig } from '../protocol/projectConfig.js';
import type { AddProjectBody } from '../protocol/routes.js';
import type { Store } from '../storage/store.js';
import { GitError } from '../worktrees/gitError.js';
import { inspectRepository } from '../worktrees/repository.js';
import type { EventBus } from './eventBus.js';
import { newId, nowIso } from './ids.js';
import { keepStoredSecrets, mcpSecretValues, redactMcpServers } from './mcpSecrets.js';
import type { SecretSink } from './templateService.js';
import { checkWorktreeRoot } from './worktreeRoots.js';

/** What PATCH /projects/:project may change (UpdateProjectBodySchema). */
export interface ProjectUpdate {
  name?: string;
  slug?: string;
  defaultBranch?: string;
  mcpServers?: McpServer[];
  budgetUsdPerDay?: number | null;
  /** Replaces `.switchboard/config.json` for new worktrees (stored as `configOverride`); null goes back to the file. */
  config?: ProjectConfig | null;
  /** Where new worktrees go; null goes back to the daemon's default. */
  worktreeRoot?: string | null;
}

export class ProjectService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly secrets: SecretSink,
  ) {
    for (const p of store.projects.list()) this.registerSecrets(p.mcpServers);
  }

  async add(body: AddProjectBody): Promise<Project> {
    const repo = await inspectRepository(path.resolve(body.path)).catch((err: unknown) => {
      throw toProjectError(err, body.path);
    });
    const existing = this.store.projects.getByRepoPath(repo.root);
    if (existing) {
      throw new SwitchboardError('conflict', `${repo.root} is already registered as project "${existing.slug}"`, 'path', {
        project: existing.slug,
      });
    }
    if (body.slug && this.store.projects.getBySlug(body.slug)) {
      throw new SwitchboardError('conflict', `the slug "${body.slug}" is taken by another project`, 'slug');
    }
    const now = nowIso();
    const project: Project = {
      id: newId(),
      slug: body.slug ?? this.uniqueSlug(slugify(body.name ?? path.basename(repo.root))),
      name: body.name ?? path.basename(repo.root),
      repoPath: repo.root,
      defaultBranch: body.defaultBranch ?? repo.defaultBranch,
      createdAt: now,
      updatedAt: now,
    };
    this.store.projects.insert(project);
    this.bus.emit('project.added', { sessionId: null, projectId: project.id }, { project: this.view(project) });
    return this.view(project);
  }

  /** Every project as the API shows it (see view). */
  list(): Project[] {
    return this.store.projects.list().map((p) => this.view(p));
  }

  /** A project as the API and events show it: MCP server env and header values are `***`. */
  view(p: Project): Project {
    return p.mcpServers ? { ...p, mcpServers: redactMcpServers(p.mcpServers) } : p;
  }

  /** By id or slug; 404 naming what was asked for otherwise. */
  get(idOrSlug: string, field = 'project'): Project {
    const p = this.store.projects.get(idOrSlug) ?? this.store.projects.getBySlug(idOrSlug);
    if (!p) throw new SwitchboardError('not_found', `no project "${idOrSlug}"`, field);
    return p;
  }

  /** Answers the project as the API shows it; `***` for an MCP secret keeps the stored value. */
  update(idOrSlug: string, body: ProjectUpdate): Project {
    const p = this.get(idOrSlug);
    // `config` is stored as the override; `worktreeRoot` is checked (and made) before it is kept.
    const { config, worktreeRoot, ...patch } = body;
    if (patch.slug && patch.slug !== p.slug && this.store.projects.getBySlug(patch.slug)) {
      throw new SwitchboardError('conflict', `the slug "${patch.slug}" is taken by another project`, 'slug');
    }
    const root = worktreeRoot ? checkWorktreeRoot(worktreeRoot, p.repoPath, os.homedir()) : worktreeRoot;
    const mcpServers = patch.mcpServers && keepStoredSecrets(patch.mcpServers, p.mcpServers);
    this.registerSecrets(mcpServers);
    const updated = this.store.projects.update(p.id, {
      ...patch,
      ...(mcpServers ? { mcpServers } : {}),
      ...(config !== undefined ? { configOverride: config } : {}),
      ...(root !== undefined ? { worktreeRoot: root } : {}),
      updatedAt: nowIso(),
    });
    this.bus.emit('project.updated', { sessionId: null, projectId: p.id }, { project: this.view(updated) });
    return this.view(updated);
  }

  private registerSecrets(servers: McpServer[] | undefined): void {
    for (const value of mcpSecretValues(servers)) this.secrets.add(value);
  }

  private uniqueSlug(base: string): string {
    let slug = base;
    for (let i = 2; this.store.projects.getBySlug(slug); i++) slug = `${base}-${i}`;
    return slug;
  }
}

export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s.length > 0 ? s : 'project';
}

function toProjectError(err: unknown, requested: string): SwitchboardError {
  if (GitError.is(err, 'not_a_repository')) {
    return new SwitchboardError('not_a_repository', `${requested} is not a git repository (run \`git init\` there first)`, 'path');
  }
  if (GitError.is(err, 'no_commits')) {
    return new SwitchboardError('not_a_repository', `${requested} has no commits yet; commit once so sessions have a base`, 'path');
  }
  return new SwitchboardError('git_failed', err instanceof Error ? err.message : String(err), 'path');
}
