// Removing a project: Switchboard's registration of it and what Switchboard made for it — its
// sessions (records, events, artifacts, logs), their worktrees, their branches when asked, a warm
// spare worktree — never the repository itself or anything else in it. Refused while a session of
// the project is live (an agent at work, waiting for a person, or queued to start). The preview is
// computed by the same code removal runs first, so it lists exactly what goes.
//
// Nothing is left half-removed: sessions go one at a time through the session delete (each is
// whole or gone), and only when none is left does one transaction drop the project's events and
// its row. A failure in between leaves the project registered with the sessions not yet deleted;
// removing it again finishes the job.
import fs from 'node:fs';
import path from 'node:path';
import { SESSION_STATES, type Project, type Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { LiveSession, ProjectRemovalPreview, RemovedSession } from '../protocol/projectRoutes.js';
import { ACTIVE_STATES, QUEUED_STATES } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import type { ProjectService } from './projectService.js';
import type { SessionService } from './sessionService.js';
import type { WarmWorktrees } from './warmWorktrees.js';

/** Sessions that keep their project: an agent works or is about to, or a person is asked something. */
const LIVE_STATES = [...QUEUED_STATES, ...ACTIVE_STATES];

export interface ProjectRemovalDeps {
  store: Store;
  bus: EventBus;
  projects: ProjectService;
  sessions: Pick<SessionService, 'cleanupPreview' | 'delete'>;
  /** The project's spare worktree, when its config keeps one. */
  warm?: Pick<WarmWorktrees, 'drop'> | undefined;
}

export interface ProjectRemovalResult {
  removed: ProjectRemovalPreview;
  branchesDeleted: string[];
}

export class ProjectRemoval {
  /** Projects being removed now: a second removal of the same one is refused, not interleaved. */
  readonly #removing = new Set<string>();

  constructor(private readonly deps: ProjectRemovalDeps) {}

  /** Exactly what `remove` would remove now; changes nothing. 404 naming `project` when unknown. */
  async preview(idOrSlug: string): Promise<ProjectRemovalPreview> {
    const { projects, store } = this.deps;
    const project = projects.get(idOrSlug);
    const sessions = this.sessionsOf(project);
    const removed = await Promise.all(sessions.map((s) => this.removedSession(s)));
    return {
      project: projects.view(project),
      liveSessions: sessions.filter((s) => LIVE_STATES.includes(s.state)).map(brief),
      sessions: removed,
      worktrees: removed.flatMap((s) => (s.worktreeExists && s.worktreePath !== null ? [s.worktreePath] : [])),
      branches: removed.flatMap((s) => (s.branchExists && s.branch !== null ? [s.branch] : [])),
      eventCount: store.events.countByProject(project.id),
    };
  }

  /** 409 `conflict` (field `project`, `details.sessions`) while a session of the project is live. */
  async remove(idOrSlug: string, deleteBranches: boolean): Promise<ProjectRemovalResult> {
    const project = this.deps.projects.get(idOrSlug);
    if (this.#removing.has(project.id)) throw new SwitchboardError('conflict', `the project "${project.slug}" is already being removed`, 'project');
    this.#removing.add(project.id);
    try {
      return await this.removeNow(project, deleteBranches);
    } finally {
      this.#removing.delete(project.id);
    }
  }

  private async removeNow(project: Project, deleteBranches: boolean): Promise<ProjectRemovalResult> {
    const { store, bus, sessions, warm } = this.deps;
    const preview = await this.preview(project.id);
    if (preview.liveSessions.length > 0) throw liveSessionsError(project, preview.liveSessions);
    await warm?.drop(project);
    const branchesDeleted: string[] = [];
    for (const s of preview.sessions) {
      const { branchDeleted } = await sessions.delete(s.sessionId, deleteBranches);
      if (branchDeleted && s.branch !== null) branchesDeleted.push(s.branch);
    }
    await removeEmptyParents(preview.worktrees);
    store.transaction(() => {
      // A session started for the project meanwhile keeps it: refuse rather than orphan that session.
      const started = this.sessionsOf(project);
      if (started.length > 0) {
        throw new SwitchboardError('conflict', `a session of "${project.slug}" was started while it was being removed (${started.map((s) => s.shortId).join(', ')}); remove it again once that session is over`, 'project');
      }
      store.events.deleteByProject(project.id);
      store.projects.delete(project.id);
    });
    bus.emit('project.removed', { sessionId: null, projectId: project.id }, {
      project: preview.project,
      sessionsRemoved: preview.sessions.length,
      worktreesRemoved: preview.worktrees,
      branchesDeleted,
    });
    return { removed: preview, branchesDeleted };
  }

  /** Every session of the project, archived ones included. */
  private sessionsOf(project: Project): Session[] {
    return this.deps.store.sessions.list({ projectId: project.id, states: SESSION_STATES });
  }

  private async removedSession(s: Session): Promise<RemovedSession> {
    const p = await this.deps.sessions.cleanupPreview(s.id);
    return {
      ...brief(s),
      worktreePath: p.worktreePath,
      worktreeExists: p.worktreeExists,
      branch: p.branch,
      branchExists: p.branchExists,
      uncommittedFiles: p.uncommittedFiles.length,
      artifacts: p.artifacts.length,
      eventCount: p.eventCount,
    };
  }
}

function brief(s: Session): LiveSession {
  return { sessionId: s.id, shortId: s.shortId, title: s.title, state: s.state };
}

function liveSessionsError(project: Project, live: LiveSession[]): SwitchboardError {
  const named = live.map((s) => `${s.shortId} "${s.title}" (${s.state.replace(/_/g, ' ')})`).join(', ');
  return new SwitchboardError(
    'conflict',
    `the project "${project.slug}" has ${live.length} live session${live.length === 1 ? '' : 's'}: ${named}; stop ${live.length === 1 ? 'it' : 'them'} (or let ${live.length === 1 ? 'it' : 'them'} finish) before removing the project`,
    'project',
    { reason: 'live_sessions', sessions: live },
  );
}

/** The project's folders under the worktree roots (`{root}/{project}`), once empty; never anything with files left. */
async function removeEmptyParents(worktrees: readonly string[]): Promise<void> {
  for (const dir of new Set(worktrees.map((w) => path.dirname(w)))) {
    await fs.promises.rmdir(dir).catch(() => undefined);
  }
}
