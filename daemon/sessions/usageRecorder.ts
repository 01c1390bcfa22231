// Folds what agents say about usage into the session and its turns. ACP `usage_update` carries the
// context window (used, size) and the session's CUMULATIVE cost: it replaces the session's figure,
// it is never summed. The prompt answer's token counts belong to one turn: they are added to the
// session's totals. A turn's share of the cost is how much the cumulative cost grew while it ran.
import { z } from 'zod';
import { CostSchema, type Cost, type SessionUsage, type TokenCounts, type TurnUsage } from '../protocol/usageEntities.js';
import type { SessionRecords } from './sessionRecords.js';

/** `usage_update` without its `sessionUpdate` tag, as the raw `usage` event carries it. */
const UsageUpdateSchema = z.object({
  used: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  cost: CostSchema.nullish(),
});

const NO_TOKENS: TokenCounts = { inputTokens: 0, outputTokens: 0, cachedReadTokens: 0, cachedWriteTokens: 0, thoughtTokens: 0, totalTokens: 0 };
const NO_USAGE: SessionUsage = { ...NO_TOKENS, contextUsed: null, contextSize: null, cost: null };

export class UsageRecorder {
  /** Each running turn's session cost when it started (null: none reported yet). */
  private readonly costAtTurnStart = new Map<string, Cost | null>();

  constructor(private readonly records: SessionRecords) {}

  /** A `usage_update` from the agent; malformed ones are ignored (the raw event still records them). */
  onUpdate(sessionId: string, raw: Record<string, unknown>): void {
    const parsed = UsageUpdateSchema.safeParse(raw);
    const session = this.records.find(sessionId);
    if (!parsed.success || !session) return;
    const usage = session.usage ?? NO_USAGE;
    const { used, size, cost } = parsed.data;
    this.records.update(sessionId, { usage: { ...usage, contextUsed: used, contextSize: size, cost: cost ?? usage.cost } }, true);
  }

  beginTurn(sessionId: string): void {
    this.costAtTurnStart.set(sessionId, this.records.find(sessionId)?.usage?.cost ?? null);
  }

  /** The ended turn's usage (null when the agent reported nothing), its tokens added to the session's. */
  endTurn(sessionId: string, tokens: TokenCounts | null): TurnUsage | null {
    const session = this.records.find(sessionId);
    // A turn that never reached the agent (its start failed) had no share of the cost.
    const began = this.costAtTurnStart.has(sessionId);
    const start = this.costAtTurnStart.get(sessionId) ?? null;
    this.costAtTurnStart.delete(sessionId);
    if (!session) return null;
    const usage = session.usage ?? NO_USAGE;
    const cost = began ? costGrowth(start, usage.cost) : null;
    if (tokens) this.records.update(sessionId, { usage: { ...usage, ...addTokens(usage, tokens) } }, true);
    return tokens || cost ? { ...(tokens ?? NO_TOKENS), cost } : null;
  }

  /** How much the session's cost grew in its running turn so far (0 when none runs or no cost is known). */
  runningGrowth(sessionId: string, currency: string): number {
    if (!this.costAtTurnStart.has(sessionId)) return 0;
    const growth = costGrowth(this.costAtTurnStart.get(sessionId) ?? null, this.records.find(sessionId)?.usage?.cost ?? null);
    return growth?.currency === currency ? growth.amount : 0;
  }
}

function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  const sum = { ...NO_TOKENS };
  for (const key of Object.keys(NO_TOKENS) as Array<keyof TokenCounts>) sum[key] = a[key] + b[key];
  return sum;
}

/** The cumulative cost's growth; a figure in a new currency counts whole (the two cannot be subtracted). */
function costGrowth(start: Cost | null, end: Cost | null): Cost | null {
  if (!end) return null;
  if (!start || start.currency !== end.currency) return end;
  // Rounded past any currency's precision: float subtraction must not leave 1e-18 crumbs.
  return { amount: Math.max(0, Math.round((end.amount - start.amount) * 1e9) / 1e9), currency: end.currency };
}
