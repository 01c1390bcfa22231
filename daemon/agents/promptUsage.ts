// The token counts an agent puts in its `session/prompt` answer (ACP's unstable
// `PromptResponse.usage`). Agents send some fields and not others, so missing counts are zero;
// a malformed block is ignored rather than failing the turn it belongs to.
import { z } from 'zod';
import type { TokenCounts } from '../protocol/usageEntities.js';

const count = z.number().int().nonnegative().catch(0).default(0);

const PromptUsageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  cachedReadTokens: count,
  cachedWriteTokens: count,
  thoughtTokens: count,
  totalTokens: z.number().int().nonnegative().optional().catch(undefined),
});

/** The prompt answer's token usage, or null when the agent sent none. */
export function promptUsageOf(response: Record<string, unknown>): TokenCounts | null {
  const parsed = PromptUsageSchema.safeParse(response.usage);
  if (!parsed.success || response.usage === undefined) return null;
  const { totalTokens, ...counts } = parsed.data;
  // Agents that leave the total out mean the sum of what they listed.
  const sum = counts.inputTokens + counts.outputTokens + counts.cachedReadTokens + counts.cachedWriteTokens + counts.thoughtTokens;
  return { ...counts, totalTokens: totalTokens ?? sum };
}
