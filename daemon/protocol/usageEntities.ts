// What sessions use and cost, as agents report it: ACP `usage_update` (context used/size and the
// session's cumulative cost) and the token counts a prompt answer carries. Rolled up per session,
// project and day for `GET /api/v1/usage`; a project's daily budget is checked against it.
import { z } from 'zod';

export const CostSchema = z.object({ amount: z.number().nonnegative(), currency: z.string().min(1) });
export type Cost = z.infer<typeof CostSchema>;

export const TokenCountsSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedReadTokens: z.number().int().nonnegative(),
  cachedWriteTokens: z.number().int().nonnegative(),
  thoughtTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type TokenCounts = z.infer<typeof TokenCountsSchema>;

/** A session's usage so far. Cost is the agent's own cumulative figure, never summed by us. */
export const SessionUsageSchema = TokenCountsSchema.extend({
  /** Tokens in the context window now, and its size (null until the agent says). */
  contextUsed: z.number().int().nonnegative().nullable(),
  contextSize: z.number().int().nonnegative().nullable(),
  /** Null for agents that report no cost (codex-acp). */
  cost: CostSchema.nullable(),
});
export type SessionUsage = z.infer<typeof SessionUsageSchema>;

/** What one turn used: its tokens and its share of the cost (the cumulative cost's growth during it). */
export const TurnUsageSchema = TokenCountsSchema.extend({
  cost: CostSchema.nullable(),
});
export type TurnUsage = z.infer<typeof TurnUsageSchema>;

export const USAGE_GROUPS = ['session', 'project', 'day'] as const;
export const UsageGroupSchema = z.enum(USAGE_GROUPS);
export type UsageGroup = z.infer<typeof UsageGroupSchema>;

/** One row of a roll-up: what the turns that ended in the window used, for one key. */
export const UsageRowSchema = TokenCountsSchema.extend({
  /** A session id, a project slug, or a UTC day (`2026-12-07`), per `groupBy`. */
  key: z.string(),
  turns: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
  /** Per currency: agents may report different ones. */
  cost: z.array(CostSchema),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

export const UsageReportSchema = z.object({
  groupBy: UsageGroupSchema,
  since: z.string().nullable(),
  until: z.string().nullable(),
  rows: z.array(UsageRowSchema),
  total: UsageRowSchema,
});
export type UsageReport = z.infer<typeof UsageReportSchema>;
