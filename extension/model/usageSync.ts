// Keeps each project's cost today current for the Sessions view: it comes from the usage roll-up
// (`GET /usage?since=<today>&groupBy=project`), read again when a turn ends or a project changes
// (its budget), debounced so a burst of turns costs one read. A session's own usage needs nothing
// here: the daemon announces it with `session.updated`. No `vscode` here.
import type { RouteMethods } from '../../daemon/protocol/client.js';
import type { Project } from '../../daemon/protocol/entities.js';
import type { Cost } from '../../daemon/protocol/usageEntities.js';
import type { DaemonEvent, DaemonState } from '../daemonConnection.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { Emitter, type EventLike } from '../util/emitter.js';
import { errorMessage, type Logger } from '../util/logger.js';

export interface UsageSource {
  readonly state: DaemonState;
  readonly client: { readonly api: Pick<RouteMethods, 'usageReport'> } | null;
  readonly onEvent: EventLike<DaemonEvent>;
  readonly onDidChangeState: EventLike<DaemonState>;
}

export interface UsageSyncOptions {
  source: UsageSource;
  log: Logger;
  debounceMs?: number;
  /** The clock, for the UTC day the costs are of. */
  now?: () => Date;
}

/** The UTC day of an instant: `2026-12-07`, what the roll-up's `since` takes. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export class UsageSync extends Disposable {
  readonly #o: Required<Pick<UsageSyncOptions, 'debounceMs' | 'now'>> & UsageSyncOptions;
  readonly #onDidChangeCosts = this._register(new Emitter<void>());
  /** Fires after the projects' costs today were read again. */
  readonly onDidChangeCosts = this.#onDidChangeCosts.event;
  /** Project slug or id → its costs today, of the day in `#day`. */
  #costs = new Map<string, Cost[]>();
  #day = '';
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: UsageSyncOptions) {
    super();
    this.#o = { debounceMs: 500, now: () => new Date(), ...options };
    this._register(options.source.onEvent((e) => this.#onEvent(e)));
    this._register(
      options.source.onDidChangeState((state) => {
        if (state === 'up') this.#schedule();
      }),
    );
    this._register(toDisposable(() => clearTimeout(this.#timer)));
    if (options.source.state === 'up') this.#schedule();
  }

  /** What the project's sessions cost today (UTC), per currency; empty before the first read or on a new day. */
  costToday(project: Pick<Project, 'id' | 'slug'>): Cost[] {
    if (this.#day !== utcDay(this.#o.now())) {
      this.#schedule();
      return [];
    }
    return this.#costs.get(project.slug) ?? this.#costs.get(project.id) ?? [];
  }

  #onEvent(e: DaemonEvent): void {
    if (e.type === 'turn.ended' || e.type === 'project.updated' || e.type === 'project.added') this.#schedule();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => void this.#flush(), this.#o.debounceMs);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const client = this.#o.source.client;
    // No daemon: the state listener schedules a read when it is back.
    if (!client || this.isDisposed) return;
    await this.#readCosts(client.api);
  }

  async #readCosts(api: Pick<RouteMethods, 'usageReport'>): Promise<void> {
    const day = utcDay(this.#o.now());
    try {
      const report = await api.usageReport({ query: { since: day, groupBy: 'project' } });
      if (this.isDisposed) return;
      this.#costs = new Map(report.rows.map((r) => [r.key, r.cost]));
      this.#day = day;
      this.#onDidChangeCosts.fire();
    } catch (err) {
      // A daemon without the roll-up (older) or one going away: the view shows no cost.
      this.#o.log.trace(`usage: could not read today's costs: ${errorMessage(err)}`);
    }
  }
}
