// What happens to a session's worktree around its agent's life (docs/worktree-setup.md): before
// the agent starts, ports are leased and the project's setup commands run once per worktree; when
// the session stops, what setup left running ends and the ports go back; before the worktree is
// removed, the teardown commands run.
import type { Session } from '../protocol/entities.js';
import type { ProjectConfig } from '../protocol/projectConfig.js';
import { canTransition } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import type { PortLeasesApi } from './portLeases.js';
import { effectiveProjectConfig } from './projectConfigs.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import { SetupFailed, describeFailure, type WorktreeHooksApi } from './worktreeHooks.js';

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

export interface SessionPreparationDeps {
  store: Store;
  bus: EventBus;
  records: SessionRecords;
  logs: SessionLogs;
  ports: PortLeasesApi;
  hooks: WorktreeHooksApi;
}

const DEFAULT_TIMEOUT_SECONDS = 600;

export class SessionPreparation implements SessionPreparationApi {
  constructor(private readonly deps: SessionPreparationDeps) {}

  async beforeStart(sessionId: string): Promise<Record<string, string>> {
    const { records, ports, hooks } = this.deps;
    const config = await this.configOf(records.get(sessionId));
    try {
      await ports.lease(sessionId, config?.ports);
      const s = records.get(sessionId);
      const env = { ...ports.envFor(s), ...(config?.env ?? {}) };
      const commands = config?.setup ?? [];
      // Read-only sessions run in the checkout itself: nothing of theirs to set up.
      if (commands.length > 0 && s.worktreePath && !s.readOnly && s.setup?.state !== 'done') {
        await hooks.setup(sessionId, commands, env, timeoutMsOf(config));
        this.clearProgress(sessionId);
      }
      return env;
    } catch (err) {
      // Nothing left half-made: no process, no lease.
      await hooks.endBackground(sessionId).catch(() => undefined);
      ports.release(sessionId);
      if (err instanceof SetupFailed) this.failSession(sessionId, err, timeoutMsOf(config));
      throw err;
    }
  }

  async afterStop(sessionId: string): Promise<void> {
    await this.deps.hooks.endBackground(sessionId);
    this.deps.ports.release(sessionId);
  }

  async beforeRemove(session: Session): Promise<void> {
    const config = session.worktreePath && !session.readOnly ? await this.configOf(session) : null;
    const commands = config?.teardown ?? [];
    if (commands.length > 0) {
      // The hooks get the ports they had; a session that never started leases none for it.
      const s = this.deps.records.find(session.id) ?? session;
      const env = { ...this.deps.ports.envFor(s), ...(config?.env ?? {}) };
      await this.deps.hooks.teardown(session.id, commands, env, timeoutMsOf(config)).catch((err: unknown) => {
        this.deps.bus.emit('log', this.deps.records.scope(session), { level: 'warn', message: `teardown could not run: ${err instanceof Error ? err.message : String(err)}` });
      });
    }
    await this.afterStop(session.id);
  }

  shutdown(): Promise<void> {
    return this.deps.hooks.shutdown();
  }

  /** The config in force; a broken one means no setup (it was reported when the worktree was made). */
  private async configOf(s: Session): Promise<ProjectConfig | null> {
    const project = this.deps.store.projects.get(s.projectId);
    if (!project) return null;
    return (await effectiveProjectConfig(project)).config;
  }

  /** Setup is over: the state detail no longer says "setting up". */
  private clearProgress(sessionId: string): void {
    const s = this.deps.records.find(sessionId);
    if (s?.stateReason === 'setting_up') this.deps.records.setState(sessionId, s.state, null, null, 'finish setting up');
  }

  /** `failed` / `setup_failed`, naming the command, how it ended and its output's tail; the worktree stays for inspection. */
  private failSession(sessionId: string, err: SetupFailed, timeoutMs: number): void {
    const { records, logs } = this.deps;
    const s = records.find(sessionId);
    // Ended by a stop or delete: the session is on its way to where that puts it.
    if (!s || err.aborted) return;
    const f = err.failure;
    const detail = `setup failed: ${describeFailure(f, timeoutMs)}${f.tail ? `; output:\n${f.tail}` : ''}`;
    logs.write(sessionId, 'daemon', detail);
    if (canTransition(s.state, 'failed')) records.setState(sessionId, 'failed', 'setup_failed', detail, 'fail setup');
  }
}

function timeoutMsOf(config: ProjectConfig | null): number {
  return (config?.setupTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}
