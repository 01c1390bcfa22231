// Matching what a person asks for (`model: "opus"`, `mode: "Plan"`, `options.reasoning_effort:
// "high"`) against what the agent offers, leniently: the exact value, then a value or name equal
// but for case, then the one value or name that contains it (`opus` → `opus[1m]`). Pure.
import type { ConfigOption, SettingsRequest, SettingValue } from '../protocol/settingsEntities.js';

/** One option to set to one of its values. */
export interface SettingStep {
  /** How the request named it: `model`, `mode` or `options.<id>`. */
  field: string;
  option: ConfigOption;
  value: string | boolean;
}

/** Why a requested value cannot be set: the field, the value asked for and what is offered instead. */
export interface SettingMismatch {
  field: string;
  /** The option's id, or the field when the agent offers no such option. */
  option: string;
  value: SettingValue;
  message: string;
}

/** The request `over` laid on `base`: its model and mode replace, its options merge by id. */
export function mergeRequests(base: SettingsRequest | null | undefined, over: SettingsRequest | null | undefined): SettingsRequest | null {
  const options = { ...base?.options, ...over?.options };
  const merged: SettingsRequest = {
    ...(over?.model ?? base?.model ? { model: over?.model ?? base?.model } : {}),
    ...(over?.mode ?? base?.mode ? { mode: over?.mode ?? base?.mode } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
  return Object.keys(merged).length > 0 ? merged : null;
}

function matchSelect(option: ConfigOption, wanted: string): string | null {
  const lower = wanted.toLowerCase();
  const exact = option.values.find((v) => v.value === wanted);
  if (exact) return exact.value;
  const equal = option.values.find((v) => v.value.toLowerCase() === lower || v.name.toLowerCase() === lower);
  if (equal) return equal.value;
  const inValue = option.values.filter((v) => v.value.toLowerCase().includes(lower));
  if (inValue.length === 1) return inValue[0]!.value;
  const inName = option.values.filter((v) => v.name.toLowerCase().includes(lower));
  return inName.length === 1 && inValue.length === 0 ? inName[0]!.value : null;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, on: true, yes: true, false: false, off: false, no: false };

/** The offered value `wanted` stands for, or null when it stands for none (or for several). */
export function matchValue(option: ConfigOption, wanted: SettingValue): string | boolean | null {
  if (option.type === 'boolean') {
    if (typeof wanted === 'boolean') return wanted;
    return BOOLEAN_WORDS[wanted.toLowerCase()] ?? null;
  }
  return typeof wanted === 'string' ? matchSelect(option, wanted) : null;
}

function offeredText(option: ConfigOption): string {
  return option.type === 'boolean' ? 'true or false' : option.values.map((v) => v.value).join(', ');
}

/** The option a request's field names: `model`/`mode` by category (then id), `options.<id>` by id (then category). */
function optionFor(options: readonly ConfigOption[], key: string, byCategoryFirst: boolean): ConfigOption | undefined {
  const byCategory = options.find((o) => o.category === key && o.type === 'select');
  const byId = options.find((o) => o.id === key);
  return byCategoryFirst ? (byCategory ?? byId) : (byId ?? byCategory);
}

/** The request's entries in the order they are applied: model, mode, then the options. */
function entriesOf(request: SettingsRequest): Array<{ field: string; key: string; wanted: SettingValue; categoryFirst: boolean }> {
  return [
    ...(request.model !== undefined ? [{ field: 'model', key: 'model', wanted: request.model, categoryFirst: true }] : []),
    ...(request.mode !== undefined ? [{ field: 'mode', key: 'mode', wanted: request.mode, categoryFirst: true }] : []),
    ...Object.entries(request.options ?? {}).map(([key, wanted]) => ({ field: `options.${key}`, key, wanted, categoryFirst: false })),
  ];
}

/** The steps that carry out `request` against `options`, or the first entry that matches nothing offered. */
export function resolveRequest(options: readonly ConfigOption[], request: SettingsRequest): { steps: SettingStep[] } | { mismatch: SettingMismatch } {
  const steps: SettingStep[] = [];
  for (const { field, key, wanted, categoryFirst } of entriesOf(request)) {
    const option = optionFor(options, key, categoryFirst);
    if (!option) {
      const offered = options.map((o) => o.id).join(', ') || 'none';
      return { mismatch: { field, option: key, value: wanted, message: `${field}: the agent offers no option "${key}" (it offers: ${offered})` } };
    }
    const value = matchValue(option, wanted);
    if (value === null) {
      const message = `${field}: "${String(wanted)}" is not one of the agent's ${option.name} values (${offeredText(option)})`;
      return { mismatch: { field, option: option.id, value: wanted, message } };
    }
    steps.push({ field, option, value });
  }
  return { steps };
}
