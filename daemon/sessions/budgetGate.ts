// A project's daily budget (USD a UTC day): before a queued turn starts, the runner asks here
// whether the project has spent it. What counts: the cost of its turns that ended today plus the
// growth of its running turns' cost so far. A session refused waits (`budget_exceeded`); raising
// or removing the budget, or the UTC day turning, starts the waiting ones again, oldest wait first.
import type { Session } from '../protocol/entities.js';
import type { SwitchboardEvent } from '../protocol/events.js';
import { isWaitingForBudget } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import type { UsageRecorder } from './usageRecorder.js';

const BUDGET_CURRENCY = 'USD';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BudgetGateDeps {
  store: Store;
  bus: EventBus;
  usage: UsageRecorder;
  /** Runs the session's queued turns (the runner asks here again before the first starts). */
  kick: (sessionId: string) => void;
}

export class BudgetGate {
  private dayTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: BudgetGateDeps) {}

  /** Null when the session's project may start another turn now; else why not, in plain words. */
  refusal(session: Pick<Session, 'projectId'>): string | null {
    const project = this.deps.store.projects.get(session.projectId);
    const budget = project?.budgetUsdPerDay;
    if (!project || budget === null || budget === undefined) return null;
    const spent = this.spentToday(project.id);
    if (spent < budget) return null;
    return (
      `project ${project.slug} spent ${usd(spent)} of its ${usd(budget)} a day; raise the budget with ` +
      `\`switchboard projects budget ${project.slug} <usd>\` or wait until 00:00 UTC`
    );
  }

  /** Re-checks on budget changes and at every UTC midnight; call once, after recovery. */
  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((e: SwitchboardEvent) => {
      if (e.type === 'project.updated') this.recheck(e.projectId);
    });
    this.scheduleMidnight();
    this.recheck(null);
  }

  stop(): void {
    if (this.dayTimer) clearTimeout(this.dayTimer);
    this.dayTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Starts the sessions waiting for budget (of one project, or all) that are within it now, oldest wait first. */
  recheck(projectId: string | null): void {
    const waiting = this.deps.store.sessions
      .list({ ...(projectId ? { projectId } : {}), states: ['waiting_for_user'] })
      .filter(isWaitingForBudget)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    for (const s of waiting) if (this.refusal(s) === null) this.deps.kick(s.id);
  }

  private spentToday(projectId: string): number {
    const since = startOfUtcDay(Date.now());
    const ended = this.deps.store.usage.spent({ projectId, since, until: '9999' }, BUDGET_CURRENCY);
    const running = this.deps.store.sessions
      .list({ projectId, states: ['running', 'waiting_for_user'] })
      .reduce((sum, s) => sum + this.deps.usage.runningGrowth(s.id, BUDGET_CURRENCY), 0);
    return ended + running;
  }

  private scheduleMidnight(): void {
    const now = Date.now();
    const next = Date.parse(startOfUtcDay(now)) + DAY_MS;
    // A second past midnight, so "today" has surely turned when it fires.
    this.dayTimer = setTimeout(() => {
      this.recheck(null);
      this.scheduleMidnight();
    }, next - now + 1000);
    this.dayTimer.unref();
  }
}

function startOfUtcDay(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00.000Z`;
}

/** Dollars with the cents always and up to four places when they matter ($0.012, $0.01, $2.50). */
function usd(amount: number): string {
  const fixed = amount.toFixed(4).replace(/0{1,2}$/, '');
  return `$${fixed}`;
}
