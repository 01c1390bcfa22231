// Sums of what turns used (the `usage` JSON each ended turn keeps), for the usage roll-up and the
// daily budget. Read-only: turns are written by TurnsRepo. Times are ISO strings in UTC, which
// compare as text; the partial index `turns_ended` covers `ended_at` of turns with usage.
import type { UsageGroup } from '../protocol/usageEntities.js';
import type { Database } from './database.js';

/** Which turns to sum: ended in [since, until), of one project if given. */
export interface UsageWindow {
  projectId: string | null;
  since: string;
  until: string;
}

/** One group's sums, before its costs (per currency) are attached. */
export interface UsageSums {
  key: string;
  turns: number;
  sessions: number;
  inputTokens: number;
  outputTokens: number;
  cachedReadTokens: number;
  cachedWriteTokens: number;
  thoughtTokens: number;
  totalTokens: number;
}

export interface UsageCostSum {
  key: string;
  currency: string;
  amount: number;
}

/** The SQL that names a group; `total` puts every turn in one. Fixed strings, never input. */
const GROUP_KEYS: Record<UsageGroup | 'total', string> = {
  session: 't.session_id',
  project: 'p.slug',
  day: 'substr(t.ended_at, 1, 10)',
  total: "'total'",
};

const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cachedReadTokens', 'cachedWriteTokens', 'thoughtTokens', 'totalTokens'] as const;

const FROM_WINDOW = `
  FROM turns t JOIN sessions s ON s.id = t.session_id JOIN projects p ON p.id = s.project_id
  WHERE t.usage IS NOT NULL AND t.ended_at >= @since AND t.ended_at < @until
    AND (@projectId IS NULL OR s.project_id = @projectId)`;

export class UsageRepo {
  constructor(private readonly db: Database) {}

  /** Token and turn sums per group, ordered by key. */
  sums(group: UsageGroup | 'total', window: UsageWindow): UsageSums[] {
    const key = GROUP_KEYS[group];
    const tokens = TOKEN_FIELDS.map((f) => `coalesce(sum(json_extract(t.usage, '$.${f}')), 0) AS ${f}`).join(', ');
    const sql = `SELECT ${key} AS key, count(*) AS turns, count(DISTINCT t.session_id) AS sessions, ${tokens} ${FROM_WINDOW} GROUP BY 1 ORDER BY 1`;
    return this.db.prepare<[UsageWindow], UsageSums>(sql).all(window);
  }

  /** Cost sums per group and currency (turns without a cost are left out). */
  costs(group: UsageGroup | 'total', window: UsageWindow): UsageCostSum[] {
    const sql = `SELECT ${GROUP_KEYS[group]} AS key, json_extract(t.usage, '$.cost.currency') AS currency,
        sum(json_extract(t.usage, '$.cost.amount')) AS amount ${FROM_WINDOW}
        AND json_extract(t.usage, '$.cost.amount') IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`;
    return this.db.prepare<[UsageWindow], UsageCostSum>(sql).all(window);
  }

  /** What one project's turns that ended in the window cost, in one currency. */
  spent(window: UsageWindow & { projectId: string }, currency: string): number {
    return this.costs('total', window).find((c) => c.currency === currency)?.amount ?? 0;
  }
}
