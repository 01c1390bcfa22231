// What every review operation starts from: the session, its project and its worktree, checked
// once, and the input checks they share (paths inside the repository, an idle agent).
import fs from 'node:fs';
import type { Project, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { isAgentWorking } from '../protocol/sessionStates.js';
import { branchExists } from '../worktrees/queries.js';
import type { ProjectService } from './projectService.js';
import type { SessionRecords } from './sessionRecords.js';

export interface ReviewTarget {
  session: Session;
  project: Project;
  /** The worktree of the session (exists on disk). */
  worktree: string;
  /** The branch the session was made on (`switchboard/…`). */
  branch: string;
  baseCommit: string;
}

export class ReviewTargets {
  constructor(
    private readonly records: SessionRecords,
    private readonly projects: ProjectService,
  ) {}

  /** The session with a worktree; 400 for read-only sessions, 409 `worktree_missing` when its directory is gone. */
  resolve(idOrShort: string): ReviewTarget {
    const session = this.records.get(idOrShort);
    const { worktreePath, branch, baseCommit } = session;
    if (session.readOnly || worktreePath === null || branch === null || baseCommit === null) {
      throw new SwitchboardError('invalid_request', `session ${session.shortId} (${session.action}) ran read-only in the project checkout; it has no worktree and no changes to review`, 'id');
    }
    if (!fs.existsSync(worktreePath)) {
      throw new SwitchboardError('conflict', `the worktree of session ${session.shortId} is gone (${worktreePath})`, undefined, { reason: 'worktree_missing' });
    }
    return { session, project: this.projects.get(session.projectId), worktree: worktreePath, branch, baseCommit };
  }

  /** Like `resolve`, null instead of an error (for turn-end hooks that must never fail a session). */
  find(id: string): ReviewTarget | null {
    try {
      return this.resolve(id);
    } catch {
      return null;
    }
  }
}

/** The branch merges go into by default: the base ref, when it names a local branch. */
export async function baseBranchOf(target: ReviewTarget): Promise<string | null> {
  const ref = target.session.baseRef.replace(/^refs\/heads\//, '');
  if (ref.startsWith('-')) return null;
  return (await branchExists(target.project.repoPath, ref)) ? ref : null;
}

/**
 * Refuses while the agent works: merging or discarding under a running turn would race its writes.
 * A session waiting for a login is idle; one waiting for a permission answer is mid-turn.
 */
export function assertAgentIdle(session: Session, what: string): void {
  if (isAgentWorking(session)) {
    throw new SwitchboardError('illegal_transition', `cannot ${what} while the agent is working (the session is ${session.state.replace(/_/g, ' ')}); wait for the turn to end or cancel it`, undefined, {
      state: session.state,
    });
  }
}

/**
 * A repository-relative file path as git spells it (`/`-separated). Anything that could name a
 * file outside the repository, or inside `.git`, is refused rather than normalized.
 */
export function checkRepoPath(raw: string, field = 'path'): string {
  const refuse = (why: string): never => {
    throw new SwitchboardError('invalid_request', `${field}: ${why}; give a path inside the repository, relative to its root`, field);
  };
  const p = raw.startsWith('./') ? raw.slice(2) : raw;
  if (p === '' || p.includes('\0')) refuse('empty or contains NUL');
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) refuse(`${JSON.stringify(raw)} is absolute`);
  const segments = p.split(/[/\\]/);
  if (segments.some((s) => s === '..')) refuse(`${JSON.stringify(raw)} climbs out with ..`);
  if (p.split('/').some((s) => s === '' || s === '.')) refuse(`${JSON.stringify(raw)} is not in canonical form`);
  if ((segments[0] ?? '').toLowerCase() === '.git') refuse('paths inside .git are not files of the repository');
  return p;
}
