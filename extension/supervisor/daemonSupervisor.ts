// Keeps this window attached to a running daemon: finds it through the discovery file (health
// probe), else spawns the bundled one; notices when it dies (a failed probe or a dropped event
// stream) and restarts it under a bounded policy. Several windows run one supervisor each; the
// daemon's instance lock makes exactly one spawn win and the others attach to the winner.
// No `vscode` import: the behaviour is tested against the real daemon in test/extension.
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { Discovery } from '../../daemon/protocol/discovery.js';
import type { Health } from '../../daemon/protocol/routes.js';
import { clientFor, probeHealth } from '../../client/daemonProbe.js';
import { spawnDaemon, type SpawnResult } from '../../client/daemonSpawn.js';
import { stopDaemon } from '../../client/daemonStop.js';
import { readDiscovery, sameDaemon } from '../../client/discoveryFile.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { Emitter } from '../util/emitter.js';
import { errorMessage, type Logger } from '../util/logger.js';
import { daemonEnv } from './daemonEnv.js';
import type { FleetFlags } from './fleetFlags.js';
import { findNodeRuntime, type NodeLookup } from './nodeRuntime.js';
import { RestartPolicy } from './restartPolicy.js';

export type SupervisorState = 'starting' | 'up' | 'down';

export interface SupervisorOptions {
  stateDir: string;
  bundlePath: string;
  /** `switchboard.daemon.nodePath`; empty: `node` on PATH. */
  nodePath: () => string;
  port: () => number;
  /** `switchboard.agents.sandbox`, handed to a daemon this window starts (`--sandbox`). */
  sandbox?: () => string;
  /** The fleet settings as flags (`--max-agents`, `--memory-floor-mb`, `--stall-seconds`, `--worktree-root`) for a daemon this window starts. */
  fleet?: () => FleetFlags;
  /** `switchboard.logLevel`, handed to a daemon this window starts (`--log-level`). */
  logLevel?: () => string;
  version: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  policy?: RestartPolicy;
  /** How often a live daemon is probed; also how often a given-up supervisor looks for one. */
  probeIntervalMs?: number;
  /** Injected by tests. */
  findNode?: (setting: string) => Promise<NodeLookup>;
  spawn?: typeof spawnDaemon;
}

export class DaemonSupervisor extends Disposable {
  readonly #opts: SupervisorOptions;
  readonly #policy: RestartPolicy;
  readonly #onDidChange = this._register(new Emitter<SupervisorState>());
  readonly #onDidGiveUp = this._register(new Emitter<string>());
  readonly #onVersionMismatch = this._register(new Emitter<{ daemon: string; extension: string }>());
  #state: SupervisorState = 'starting';
  #discovery: Discovery | null = null;
  #client: SwitchboardClient | null = null;
  #health: Health | null = null;
  #lastError: string | null = null;
  #gaveUp = false;
  #everUp = false;
  #busy: Promise<void> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #warnedVersionFor: number | null = null;

  /** Fires on every state change and when the daemon behind 'up' is replaced. */
  readonly onDidChange = this.#onDidChange.event;
  /** The restart budget is spent; the argument says why the daemon is down. */
  readonly onDidGiveUp = this.#onDidGiveUp.event;
  readonly onVersionMismatch = this.#onVersionMismatch.event;

  constructor(opts: SupervisorOptions) {
    super();
    this.#opts = opts;
    this.#policy = opts.policy ?? new RestartPolicy();
    this._register(toDisposable(() => this.#timer && clearInterval(this.#timer)));
  }

  get state(): SupervisorState {
    return this.#state;
  }
  get discovery(): Discovery | null {
    return this.#discovery;
  }
  get client(): SwitchboardClient | null {
    return this.#client;
  }
  get health(): Health | null {
    return this.#health;
  }
  /** Why the daemon is down, in words a person can act on. */
  get lastError(): string | null {
    return this.#lastError;
  }
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  /** Attach or spawn; resolves when the state is settled ('up' or 'down'). */
  start(): Promise<void> {
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.check(), this.#opts.probeIntervalMs ?? 5_000);
      this.#timer.unref?.();
    }
    return this.#serial(() => this.#ensure(true));
  }

  /**
   * Something suggests the daemon is gone (the event stream dropped): probe, re-read the
   * discovery file, and restart under the policy if nobody answers.
   */
  check(): Promise<void> {
    if (this.isDisposed) return Promise.resolve();
    return this.#serial(async () => {
      if (this.#state === 'up' && this.#discovery) {
        const ok = await probeHealth(this.#discovery);
        if (ok) {
          // Still the daemon of the discovery file? Another window may have restarted it.
          const now = readDiscovery(this.#opts.stateDir);
          if (!now || sameDaemon(now, this.#discovery)) return;
        }
      }
      // A given-up supervisor only attaches (a person or another window started one); it never spawns.
      await this.#ensure(!this.#gaveUp);
    });
  }

  /** "Restart Daemon": shut the running one down (any window's), then spawn afresh. */
  restart(): Promise<void> {
    return this.#serial(async () => {
      this.#policy.reset();
      this.#gaveUp = false;
      const d = this.#discovery ?? readDiscovery(this.#opts.stateDir);
      this.#setState('starting');
      // The outcome does not matter here: the spawn that follows reports any daemon still in the way.
      if (d) await stopDaemon(d);
      this.#discovery = null;
      this.#client = null;
      await this.#ensure(true);
    });
  }

  #serial(job: () => Promise<void>): Promise<void> {
    // One find/spawn at a time; a caller arriving mid-job waits for it instead of racing it.
    const run = (this.#busy ?? Promise.resolve()).then(job).catch((err: unknown) => {
      this.#opts.log.error(`daemon supervisor: ${errorMessage(err)}`);
    });
    this.#busy = run.finally(() => {
      if (this.#busy === run) this.#busy = null;
    });
    return run;
  }

  async #ensure(allowSpawn: boolean): Promise<void> {
    if (this.isDisposed) return;
    if (await this.#attachExisting()) return;
    if (!allowSpawn) {
      this.#markDown(this.#lastError ?? 'the daemon is not running');
      return;
    }
    // Only restarts of a daemon that was up count against the budget; a first start that fails
    // is not retried at all (it fails the same way again): the person gets the reason instead.
    if (this.#everUp && !this.#policy.tryAcquire()) {
      this.#giveUp(`the daemon stopped ${this.#policy.max} times within ${this.#policy.windowMs / 1000} s`);
      return;
    }
    this.#setState('starting');
    const node = await (this.#opts.findNode ?? findNodeRuntime)(this.#opts.nodePath());
    if (!node.ok) {
      this.#giveUp(node.message);
      return;
    }
    this.#opts.log.info(`starting the daemon with ${node.runtime.path} (${node.runtime.version}) in ${this.#opts.stateDir}`);
    const port = this.#opts.port();
    const sandbox = this.#opts.sandbox?.();
    const logLevel = this.#opts.logLevel?.();
    const result: SpawnResult = await (this.#opts.spawn ?? spawnDaemon)({
      nodePath: node.runtime.path,
      bundlePath: this.#opts.bundlePath,
      home: this.#opts.stateDir,
      cwd: this.#opts.stateDir,
      // 0 and an empty setting mean "the daemon's own default": pass nothing.
      port: port > 0 ? port : undefined,
      sandbox: sandbox ? sandbox : undefined,
      logLevel: logLevel ? logLevel : undefined,
      ...this.#opts.fleet?.(),
      env: daemonEnv(this.#opts.env ?? process.env),
    });
    if (result.ok) this.#opts.log.info(`daemon started (pid ${result.discovery.pid}, port ${result.discovery.port})`);
    else this.#opts.log.warn(`${result.message}${result.output ? `\n${result.output}` : ''}`);
    // On failure too: another window may have won the instance lock; then attach to its daemon.
    if (await this.#attachExisting()) return;
    this.#giveUp(result.ok ? 'the daemon started but does not answer' : `${result.message}${result.output ? `: ${lastLine(result.output)}` : ''}`);
  }

  /** The daemon named by the discovery file, if it answers. */
  async #attachExisting(): Promise<boolean> {
    const d = readDiscovery(this.#opts.stateDir);
    if (!d) return false;
    const health = await probeHealth(d);
    if (!health) return false;
    const replaced = !sameDaemon(d, this.#discovery);
    this.#discovery = d;
    this.#client = clientFor(d);
    this.#everUp = true;
    this.#health = health;
    this.#lastError = null;
    this.#gaveUp = false;
    if (health.version !== this.#opts.version && this.#warnedVersionFor !== health.pid) {
      this.#warnedVersionFor = health.pid;
      this.#opts.log.warn(`the running daemon is version ${health.version}; this extension is ${this.#opts.version}`);
      this.#onVersionMismatch.fire({ daemon: health.version, extension: this.#opts.version });
    }
    if (replaced) this.#opts.log.info(`attached to the daemon pid ${d.pid} on port ${d.port} (version ${health.version})`);
    if (this.#state !== 'up' || replaced) {
      this.#state = 'up';
      this.#onDidChange.fire('up');
    }
    return true;
  }

  #markDown(why: string): void {
    this.#lastError = why;
    this.#health = null;
    this.#setState('down');
  }

  #giveUp(why: string): void {
    this.#gaveUp = true;
    this.#opts.log.error(`daemon is down: ${why}`);
    this.#markDown(why);
    this.#onDidGiveUp.fire(why);
  }

  #setState(s: SupervisorState): void {
    if (this.#state === s) return;
    this.#state = s;
    if (s !== 'up') this.#client = null;
    this.#onDidChange.fire(s);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
