// Waiting for the projects before a command reads them: right after a window opens (a fresh
// `npm start`), the daemon may still be starting and the first snapshot not in, and an empty model
// must not read as "no project is registered". The wait is bounded and shows progress once it
// lasts more than a moment; a daemon that never answers ends it with an error saying what to do.
// Host-independent: the progress notification and the daemon are passed in.
import type { Project } from '../../daemon/protocol/entities.js';
import type { SessionTreeModel } from './sessionTreeModel.js';

export interface ProjectsWait {
  model: SessionTreeModel;
  /** Resolves once the daemon is up (rejects, saying why, when it does not come up in time). */
  daemonUp(): Promise<unknown>;
  /** Shows a progress notification titled `title` until `done` settles. */
  showProgress(title: string, done: Promise<unknown>): void;
  /** How long before progress shows (default 500 ms). */
  progressAfterMs?: number;
  /** How long the daemon, once up, may take to send its projects (default 30 s). */
  timeoutMs?: number;
}

export const LOADING_PROJECTS_TITLE = 'Switchboard: loading projects…';
const WHAT_TO_DO = 'Use "Switchboard: Restart Daemon", and "Switchboard: Show Log" to see why.';

/** The projects, once the model holds the daemon's snapshot. */
export async function loadedProjects(w: ProjectsWait): Promise<Project[]> {
  if (w.model.loaded) return w.model.projects();
  const timeoutMs = w.timeoutMs ?? 30_000;
  const loading = (async () => {
    try {
      await w.daemonUp();
    } catch (err) {
      throw new Error(`Cannot list Switchboard's projects: the daemon did not answer (${err instanceof Error ? err.message : String(err)}). ${WHAT_TO_DO}`);
    }
    if (!(await w.model.whenLoaded(timeoutMs))) {
      throw new Error(`Cannot list Switchboard's projects: the daemon is up but did not send them within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}. ${WHAT_TO_DO}`);
    }
  })();
  const progress = setTimeout(() => w.showProgress(LOADING_PROJECTS_TITLE, loading.catch(() => undefined)), w.progressAfterMs ?? 500);
  try {
    await loading;
  } finally {
    clearTimeout(progress);
  }
  return w.model.projects();
}
