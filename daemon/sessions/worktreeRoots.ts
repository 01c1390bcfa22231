// Where a new session's worktree goes (docs/worktree-setup.md, "Retention and disk"): the
// project's own `worktreeRoot`, else the daemon's `--worktree-root` (SWITCHBOARD_WORKTREE_ROOT),
// else `<state dir>/worktrees`. Only new worktrees follow a change: a session keeps the path it
// was created with (it is stored on the session), so existing ones go on working.
import fs from 'node:fs';
import path from 'node:path';
import type { Project, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { sanitizeRefComponent } from '../worktrees/branchName.js';
import { isSameOrInside, realPathOrResolved } from '../worktrees/paths.js';

/** The root under the state dir, used when neither the project nor the daemon names one. */
export function defaultWorktreeRoot(home: string): string {
  return path.join(home, 'worktrees');
}

export interface WorktreeRootInput {
  /** The state dir. */
  home: string;
  /** The daemon's `--worktree-root`, or null. */
  daemonRoot: string | null;
  project: Pick<Project, 'slug' | 'worktreeRoot'>;
}

export function worktreeRootFor({ home, daemonRoot, project }: WorktreeRootInput): string {
  return project.worktreeRoot ?? daemonRoot ?? defaultWorktreeRoot(home);
}

/**
 * `{root}/{project}/{session}`: one directory per session, grouped by project so two projects
 * sharing a root never meet. Under the state dir this is the path sessions always had.
 */
export function worktreePathForSession(input: WorktreeRootInput & { sessionId: string }): string {
  return path.join(worktreeRootFor(input), sanitizeRefComponent(input.project.slug, 'project'), sanitizeRefComponent(input.sessionId, 'session'));
}

/**
 * Every root worktrees may be under: the state dir's, the daemon's, each project's, and the roots
 * of stored sessions' worktrees (made under a root since changed: `{root}/{project}/{session}`).
 * Sandboxes hide them all (another session's worktree must stay invisible), and orphan pruning
 * looks in each.
 */
export function allWorktreeRoots(home: string, daemonRoot: string | null, projects: readonly Pick<Project, 'worktreeRoot'>[], sessionWorktrees: readonly string[] = []): string[] {
  const roots = [
    defaultWorktreeRoot(home),
    ...(daemonRoot ? [daemonRoot] : []),
    ...projects.flatMap((p) => (p.worktreeRoot ? [p.worktreeRoot] : [])),
    ...sessionWorktrees.map((w) => path.dirname(path.dirname(w))),
  ];
  return [...new Set(roots)];
}

/** Each stored session's worktree path (archived ones too: their folders may still be there). */
export function storedWorktreePaths(sessions: readonly Pick<Session, 'worktreePath'>[]): string[] {
  return sessions.flatMap((s) => (s.worktreePath ? [s.worktreePath] : []));
}

/**
 * A project's `worktreeRoot` as set through the API: an absolute path that exists or can be made,
 * a dedicated folder — not inside the project's checkout (git would see the worktrees as untracked
 * files of it), not holding the checkout or the user's HOME (sandboxes hide the whole root, and
 * they show the checkout and HOME again, which would show other sessions' worktrees with them).
 * Answers the path as given, created when missing; a bad one is `invalid_request` naming the field.
 */
export function checkWorktreeRoot(root: string, repoPath: string, userHome: string): string {
  const fail = (why: string): never => {
    throw new SwitchboardError('invalid_request', `worktreeRoot: ${why}`, 'worktreeRoot');
  };
  if (!path.isAbsolute(root)) fail(`must be an absolute path; got "${root}"`);
  const resolved = path.resolve(root);
  try {
    fs.mkdirSync(resolved, { recursive: true });
  } catch (err) {
    fail(`${resolved} does not exist and cannot be created (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!fs.statSync(resolved).isDirectory()) fail(`${resolved} is not a directory`);
  const real = realPathOrResolved(resolved);
  const checkout = realPathOrResolved(repoPath);
  if (isSameOrInside(checkout, real)) fail(`${resolved} is inside the project's checkout ${repoPath}; choose a folder outside it`);
  if (isSameOrInside(real, checkout)) fail(`${resolved} holds the project's checkout ${repoPath}; choose a folder of its own`);
  if (isSameOrInside(real, realPathOrResolved(userHome))) fail(`${resolved} holds your home folder; choose a folder of its own`);
  return resolved;
}
