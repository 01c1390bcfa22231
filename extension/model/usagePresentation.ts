// How a session's settings and usage, and a project's cost today, read in the Sessions view:
// pure strings, unit-tested, wrapped in VS Code types by the tree provider.
import type { Session } from '../../daemon/protocol/entities.js';
import type { ConfigOption } from '../../daemon/protocol/settingsEntities.js';
import type { Cost, SessionUsage } from '../../daemon/protocol/usageEntities.js';

/** `$0.0123` under a dollar (cents would show most sessions as $0.00), `$1.25` above; other currencies by code. */
export function formatCost(cost: Cost): string {
  const amount = cost.amount.toFixed(cost.amount >= 1 ? 2 : 4);
  return cost.currency.toUpperCase() === 'USD' ? `$${amount}` : `${amount} ${cost.currency}`;
}

/** The option of a category the agent offers (`model`, `mode`), if any. */
export function optionOf(s: Pick<Session, 'configOptions'>, category: 'model' | 'mode'): ConfigOption | undefined {
  return s.configOptions?.find((o) => o.category === category && o.type === 'select');
}

/** The name of the current value of the session's model or mode; the stored model id before the agent offered any. */
export function currentSetting(s: Pick<Session, 'configOptions' | 'model' | 'requestedSettings'>, category: 'model' | 'mode'): string | null {
  const option = optionOf(s, category);
  if (option && typeof option.currentValue === 'string') return option.values.find((v) => v.value === option.currentValue)?.name ?? option.currentValue;
  const requested = s.requestedSettings?.[category];
  if (typeof requested === 'string') return requested;
  return category === 'model' ? s.model : null;
}

/** `12,000 of 200,000 tokens (6%)`, or null until the agent said both. */
export function contextText(usage: SessionUsage | null | undefined): string | null {
  if (!usage || usage.contextUsed === null || usage.contextSize === null || usage.contextSize === 0) return null;
  const pct = Math.round((usage.contextUsed / usage.contextSize) * 100);
  return `${usage.contextUsed.toLocaleString('en-US')} of ${usage.contextSize.toLocaleString('en-US')} tokens (${pct}%)`;
}

/** `$0.0123 · 1,200 tokens`; null when the agent reported neither. */
export function usageText(usage: SessionUsage | null | undefined): string | null {
  if (!usage) return null;
  const parts = [usage.cost ? formatCost(usage.cost) : null, usage.totalTokens > 0 ? `${usage.totalTokens.toLocaleString('en-US')} tokens` : null];
  const text = parts.filter(Boolean).join(' · ');
  return text === '' ? null : text;
}

/**
 * A project's cost today for its node's description: `$0.02 today`, with the budget when it has
 * one (`$0.02 today / $1.00`); null when nothing was spent and no budget is set.
 */
export function projectCostText(costs: readonly Cost[], budgetUsdPerDay: number | null | undefined): string | null {
  const usd = costs.find((c) => c.currency.toUpperCase() === 'USD');
  const others = costs.filter((c) => c !== usd && c.amount > 0).map(formatCost);
  const hasBudget = budgetUsdPerDay !== null && budgetUsdPerDay !== undefined;
  if (!hasBudget && others.length === 0 && (!usd || usd.amount === 0)) return null;
  const spent = [formatShort(usd?.amount ?? 0), ...others].join(' + ');
  return `${spent} today${hasBudget ? ` / ${formatShort(budgetUsdPerDay)}` : ''}`;
}

/** Dollars in a description: cents, or a hundredth of a cent for amounts under a cent. */
function formatShort(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
