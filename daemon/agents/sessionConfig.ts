// What an agent lets a person choose for one of its sessions (model, mode, effort, switches), read
// from a session/new, session/load or session/resume answer into the protocol's ConfigOption list,
// and kept current by the agent's updates. ACP offers a choice three ways: `configOptions` (schema
// 1.7), the older `modes`, and `models` (not in the stable schema); configOptions win over the
// legacy shapes for the same category, because an agent that sends both keeps them in step and
// answers set_config_option with the whole new set. Pure and tolerant: anything malformed is left out.
import type { ConfigOption, ConfigValue } from '../protocol/settingsEntities.js';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Select values, flat or grouped (`{group, name, options: [...]}`). */
function selectValues(options: unknown, group: string | null = null): ConfigValue[] {
  if (!Array.isArray(options)) return [];
  return options.filter(isRecord).flatMap((o): ConfigValue[] => {
    if (Array.isArray(o.options)) return selectValues(o.options, text(o.name) ?? text(o.group) ?? group);
    const value = text(o.value);
    if (value === null) return [];
    return [{ value, name: text(o.name) ?? value, description: text(o.description), group }];
  });
}

/** One ACP `SessionConfigOption`, or null when it is neither a usable select nor a boolean. */
function fromConfigOption(o: Json): ConfigOption | null {
  const id = text(o.id);
  if (id === null) return null;
  const base = { id, name: text(o.name) ?? id, description: text(o.description), category: text(o.category), source: 'config' as const };
  if (o.type === 'boolean') {
    return { ...base, type: 'boolean', currentValue: typeof o.currentValue === 'boolean' ? o.currentValue : null, values: [] };
  }
  if (o.type !== 'select') return null;
  const values = selectValues(o.options);
  if (values.length === 0) return null;
  return { ...base, type: 'select', currentValue: text(o.currentValue), values };
}

/** The options of a `configOptions` array (answer or `config_option_update`); null when there is none. */
export function readConfigOptions(configOptions: unknown): ConfigOption[] | null {
  if (!Array.isArray(configOptions)) return null;
  return configOptions.filter(isRecord).flatMap((o) => fromConfigOption(o) ?? []);
}

/** Legacy `modes` ({currentModeId, availableModes}) as the option `mode`. */
function fromModes(state: unknown): ConfigOption | null {
  if (!isRecord(state) || !Array.isArray(state.availableModes)) return null;
  const values = state.availableModes
    .filter(isRecord)
    .flatMap((m) => (typeof m.id === 'string' ? [{ value: m.id, name: text(m.name) ?? m.id, description: text(m.description), group: null }] : []));
  if (values.length === 0) return null;
  return { id: 'mode', name: 'Mode', description: null, category: 'mode', type: 'select', currentValue: text(state.currentModeId), values, source: 'modes' };
}

/** Legacy `models` ({currentModelId, availableModels}) as the option `model`. */
function fromModels(state: unknown): ConfigOption | null {
  if (!isRecord(state) || !Array.isArray(state.availableModels)) return null;
  const values = state.availableModels
    .filter(isRecord)
    .flatMap((m) => (typeof m.modelId === 'string' ? [{ value: m.modelId, name: text(m.name) ?? m.modelId, description: text(m.description), group: null }] : []));
  if (values.length === 0) return null;
  return { id: 'model', name: 'Model', description: null, category: 'model', type: 'select', currentValue: text(state.currentModelId), values, source: 'models' };
}

/** Everything a session/new, load or resume answer offers; empty when it offers nothing. */
export function offeredConfig(result: unknown): ConfigOption[] {
  if (!isRecord(result)) return [];
  const options = readConfigOptions(result.configOptions) ?? [];
  const covered = new Set(options.map((o) => o.category));
  for (const legacy of [fromModes(result.modes), fromModels(result.models)]) {
    if (legacy && !covered.has(legacy.category) && !options.some((o) => o.id === legacy.id)) options.push(legacy);
  }
  return options;
}

/** A value's new current value in the option of `category` (a mode or model update), the rest unchanged. */
function withCurrent(options: readonly ConfigOption[], category: string, value: string): ConfigOption[] {
  return options.map((o) => (o.category === category && o.type === 'select' ? { ...o, currentValue: value } : o));
}

/**
 * Folds one `session/update` into the current set; null when it does not touch the settings.
 * `config_option_update` carries the full new set; the legacy shapes come back from it too, since
 * an agent that switched to configOptions reports every category there.
 */
export function foldConfigUpdate(options: readonly ConfigOption[], update: unknown): ConfigOption[] | null {
  if (!isRecord(update)) return null;
  if (update.sessionUpdate === 'config_option_update') {
    const next = readConfigOptions(update.configOptions);
    if (next === null) return null;
    const covered = new Set(next.map((o) => o.category));
    return [...next, ...options.filter((o) => o.source !== 'config' && !covered.has(o.category))];
  }
  if (update.sessionUpdate === 'current_mode_update' && typeof update.currentModeId === 'string') return withCurrent(options, 'mode', update.currentModeId);
  if (update.sessionUpdate === 'current_model_update' && typeof update.currentModelId === 'string') return withCurrent(options, 'model', update.currentModelId);
  return null;
}

/** Ids of the options whose value or choices differ between two sets (added and removed ones included). */
export function changedOptionIds(before: readonly ConfigOption[], after: readonly ConfigOption[]): string[] {
  const ids = new Set([...before.map((o) => o.id), ...after.map((o) => o.id)]);
  return [...ids].filter((id) => {
    const a = before.find((o) => o.id === id);
    const b = after.find((o) => o.id === id);
    return JSON.stringify(a) !== JSON.stringify(b);
  });
}
