// What the demo agent says a turn used, shaped like claude-agent-acp: a `usage_update` with the
// context window (used, size) and the session's CUMULATIVE cost, sent before the prompt is
// answered, and the turn's token counts in the answer (ACP's unstable `PromptResponse.usage`).
// Deterministic: tokens are a quarter of the characters; a turn costs 0.006 USD, so two turns
// cross a 0.01 USD budget, unless its prompt starts with `spend USD` (`spend 0.02 write …`).
import type { DemoTurn } from './demoTurn.js';

const DEFAULT_TURN_COST_USD = 0.006;
const CONTEXT_SIZE = 200_000;
const SPEND = /^\s*spend\s+(\d+(?:\.\d+)?)\b/i;

export interface DemoTokens {
  inputTokens: number;
  outputTokens: number;
  cachedReadTokens: number;
  cachedWriteTokens: number;
  totalTokens: number;
}

/** The turn's cost in USD: `spend USD` at the start of the prompt, else the default. */
export function turnCost(prompt: string): number {
  const m = SPEND.exec(prompt);
  return m?.[1] !== undefined ? Number(m[1]) : DEFAULT_TURN_COST_USD;
}

/** The prompt without a leading `spend USD`, so control words after it still work. */
export function withoutSpend(prompt: string): string {
  return prompt.replace(SPEND, '').trimStart();
}

export class DemoUsage {
  /** Per session: the cost so far (USD) and the context it has built up (tokens). */
  private readonly sessions = new Map<string, { cost: number; context: number }>();

  /** Sends the turn's `usage_update` and answers its token counts. */
  async report(turn: DemoTurn, prompt: string): Promise<DemoTokens> {
    const before = this.sessions.get(turn.sessionId) ?? { cost: 0, context: 0 };
    const inputTokens = Math.ceil(prompt.length / 4);
    const outputTokens = Math.ceil(turn.reply.length / 4);
    const now = {
      // Rounded like a bill: no float crumbs in the cumulative figure.
      cost: Math.round((before.cost + turnCost(prompt)) * 1e9) / 1e9,
      context: before.context + inputTokens + outputTokens,
    };
    this.sessions.set(turn.sessionId, now);
    await turn.update({ sessionUpdate: 'usage_update', used: now.context, size: CONTEXT_SIZE, cost: { amount: now.cost, currency: 'USD' } });
    const cachedReadTokens = before.context;
    return { inputTokens, outputTokens, cachedReadTokens, cachedWriteTokens: 0, totalTokens: inputTokens + outputTokens + cachedReadTokens };
  }
}
