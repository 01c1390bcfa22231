// What happens to a session's worktree around its agent's life (docs/worktree-setup.md): before
// the agent starts, ports are leased and the project's setup commands run once per worktree; when
// the session stops, what setup left running ends and the ports go back; before the worktree is
// removed, the teardown commands run.
// CONTRACT STUB (issue 11): the setup helper implements it; the runner and SessionService call it.
import type { Session } from '../protocol/entities.js';

export interface SessionPreparationApi {
  /**
   * Before the agent starts (after admission): leases the session's ports, runs setup once per
   * worktree (skipped when `session.setup.state` is `done`), and returns the env the agent gets on
   * top of its launch env (ports, slug, the config's `env`). On a failed setup it moves the session
   * to `failed` / `setup_failed` itself and throws an error whose `reason` is `'setup_failed'` (the
   * runner then leaves the turn queued, so resume runs setup again).
   */
  beforeStart(sessionId: string): Promise<Record<string, string>>;
  /** The agent is gone for good (stop, failure, archive): background processes end, ports go back. */
  afterStop(sessionId: string): Promise<void>;
  /** Before the worktree is removed (delete, prune): teardown commands, then afterStop. */
  beforeRemove(session: Session): Promise<void>;
  /** Daemon shutdown. */
  shutdown(): Promise<void>;
}

/** Until the setup helper lands: nothing to do. */
export class NoPreparation implements SessionPreparationApi {
  beforeStart(): Promise<Record<string, string>> {
    return Promise.resolve({});
  }
  afterStop(): Promise<void> {
    return Promise.resolve();
  }
  beforeRemove(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
