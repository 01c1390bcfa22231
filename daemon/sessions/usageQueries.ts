// The usage roll-up (`GET /api/v1/usage`): what the turns that ended in a window used, grouped by
// session, project or UTC day, with a total. Bounds: `since` is inclusive, `until` exclusive; a
// bare day means 00:00 UTC of it for `since`, and the END of that day for `until`, so
// `--since 2026-12-01 --until 2026-12-07` covers both days whole.
import { SwitchboardError } from '../protocol/errors.js';
import type { UsageGroup, UsageReport, UsageRow } from '../protocol/usageEntities.js';
import type { Store } from '../storage/store.js';
import type { UsageCostSum, UsageSums, UsageWindow } from '../storage/usageRepo.js';
import type { ProjectService } from './projectService.js';

/** The route's query, validated (`since`/`until` are days or ISO times). */
export interface UsageQuery {
  project?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  groupBy: UsageGroup;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export class UsageQueries {
  constructor(
    private readonly store: Store,
    private readonly projects: ProjectService,
  ) {}

  report(query: UsageQuery): UsageReport {
    const since = query.since ? bound(query.since, 0) : null;
    const until = query.until ? bound(query.until, DAY_MS) : null;
    if (since && until && since >= until) {
      throw new SwitchboardError('invalid_request', `until (${until}) must be after since (${since})`, 'until');
    }
    const projectId = query.project ? this.projects.get(query.project, 'project').id : null;
    const window: UsageWindow = { projectId, since: since ?? '', until: until ?? '9999' };
    const rows = this.rows(query.groupBy, window);
    const total = this.rows('total', window)[0] ?? emptyRow('total');
    return { groupBy: query.groupBy, since, until, rows, total };
  }

  private rows(group: UsageGroup | 'total', window: UsageWindow): UsageRow[] {
    const costs = this.store.usage.costs(group, window);
    return this.store.usage.sums(group, window).map((sums) => withCosts(sums, costs));
  }
}

/** An ISO instant for the bound; a bare day is its 00:00 UTC plus `dayOffsetMs`. */
function bound(value: string, dayOffsetMs: number): string {
  if (DAY.test(value)) return new Date(Date.parse(`${value}T00:00:00.000Z`) + dayOffsetMs).toISOString();
  return new Date(value).toISOString();
}

function withCosts(sums: UsageSums, costs: UsageCostSum[]): UsageRow {
  const cost = costs.filter((c) => c.key === sums.key).map((c) => ({ currency: c.currency, amount: roundCost(c.amount) }));
  return { ...sums, key: String(sums.key), cost };
}

/** Sums of float shares: rounded past any currency's precision so 0.012 does not print as 0.012000000000000002. */
function roundCost(amount: number): number {
  return Math.round(amount * 1e9) / 1e9;
}

function emptyRow(key: string): UsageRow {
  return { key, turns: 0, sessions: 0, inputTokens: 0, outputTokens: 0, cachedReadTokens: 0, cachedWriteTokens: 0, thoughtTokens: 0, totalTokens: 0, cost: [] };
}
