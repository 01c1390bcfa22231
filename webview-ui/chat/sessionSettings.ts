// What the chat header shows of a session's settings and usage, as plain data: the model and mode
// pickers and the other options built from what the agent offered, the change request a choice
// becomes, and the context and cost figures in words. No DOM, so unit tests cover every case.
import type { ConfigOption, SettingsRequest } from '../../daemon/protocol/settingsEntities.js';
import type { Cost, SessionUsage } from '../../daemon/protocol/usageEntities.js';

export interface SettingsPickers {
  /** The first option of category `model` / `mode`; null when the agent offers none. */
  model: ConfigOption | null;
  mode: ConfigOption | null;
  /** Everything else (effort, switches, an agent's own), in the agent's order. */
  others: ConfigOption[];
}

export function settingsPickers(options: readonly ConfigOption[]): SettingsPickers {
  const model = options.find((o) => o.category === 'model' && o.type === 'select') ?? null;
  const mode = options.find((o) => o.category === 'mode' && o.type === 'select') ?? null;
  return { model, mode, others: options.filter((o) => o !== model && o !== mode) };
}

/**
 * The request that sets one option: model and mode by their category (what the daemon stores
 * and re-applies as `requestedSettings`), any other by its id.
 */
export function changeRequest(pickers: SettingsPickers, option: ConfigOption, value: string | boolean): SettingsRequest {
  if (option === pickers.model && typeof value === 'string') return { model: value };
  if (option === pickers.mode && typeof value === 'string') return { mode: value };
  return { options: { [option.id]: value } };
}

/** The name of an option's current value (`Demo Smart`), or its raw value, or a dash. */
export function currentValueName(option: ConfigOption): string {
  if (typeof option.currentValue === 'boolean') return option.currentValue ? 'on' : 'off';
  const v = option.values.find((c) => c.value === option.currentValue);
  return v?.name ?? option.currentValue ?? '—';
}

/** What "options" reads when closed: `effort: high · verbose: on`. */
export function optionsSummary(others: readonly ConfigOption[]): string {
  return others.map((o) => `${o.name}: ${currentValueName(o)}`).join(' · ');
}

/** `$0.0123` under a dollar (cents alone would show most turns as $0.00), `$1.25` above; other currencies by code. */
export function formatCost(cost: Cost): string {
  const digits = cost.amount >= 1 ? 2 : 4;
  const amount = cost.amount.toFixed(digits);
  return cost.currency.toUpperCase() === 'USD' ? `$${amount}` : `${amount} ${cost.currency}`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The context bar: the fraction filled (0..1) and its tooltip; null until the agent reported both figures. */
export function contextGauge(usage: SessionUsage | null): { fraction: number; label: string } | null {
  if (!usage || usage.contextUsed === null || usage.contextSize === null || usage.contextSize === 0) return null;
  const fraction = Math.min(1, usage.contextUsed / usage.contextSize);
  return { fraction, label: `Context: ${count(usage.contextUsed)} of ${count(usage.contextSize)} tokens (${Math.round(fraction * 100)}%)` };
}

/** The cost badge and its tooltip (the tokens); null when the agent reports no cost. */
export function costBadge(usage: SessionUsage | null): { text: string; tooltip: string } | null {
  if (!usage?.cost) return null;
  return { text: formatCost(usage.cost), tooltip: `Session cost so far, as the agent reported it\n${tokenSummary(usage)}` };
}

export function tokenSummary(usage: SessionUsage): string {
  if (usage.totalTokens === 0) return 'No token counts reported yet';
  const parts = [`in ${count(usage.inputTokens)}`, `out ${count(usage.outputTokens)}`];
  if (usage.cachedReadTokens > 0) parts.push(`cached ${count(usage.cachedReadTokens)}`);
  if (usage.thoughtTokens > 0) parts.push(`thinking ${count(usage.thoughtTokens)}`);
  return `${count(usage.totalTokens)} tokens (${parts.join(' · ')})`;
}
