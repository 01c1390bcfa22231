// The modes an agent offers for a session, read from a session/new or session/load answer. ACP
// has two shapes for them: `modes` (switched with session/set_mode) and, in newer agents, a select
// config option `mode` (switched with session/set_config_option). Pure and tolerant: anything
// malformed reads as "no modes".
import type { AgentModes } from './agentHost.js';

/** The modes, and how to switch them: `configId` is set when only the config option offers them. */
export interface OfferedModes {
  modes: AgentModes;
  configId: string | null;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromModeState(state: unknown): AgentModes | null {
  if (!isRecord(state) || !Array.isArray(state.availableModes)) return null;
  const available = state.availableModes
    .filter(isRecord)
    .filter((m) => typeof m.id === 'string')
    .map((m) => ({ id: m.id as string, name: typeof m.name === 'string' ? m.name : (m.id as string) }));
  if (available.length === 0) return null;
  return { currentModeId: typeof state.currentModeId === 'string' ? state.currentModeId : null, available };
}

/** Select values, flat or grouped (`{group, options: [...]}`). */
function selectValues(options: unknown): Array<{ id: string; name: string }> {
  if (!Array.isArray(options)) return [];
  return options.filter(isRecord).flatMap((o) => {
    if (Array.isArray(o.options)) return selectValues(o.options);
    if (typeof o.value !== 'string') return [];
    return [{ id: o.value, name: typeof o.name === 'string' ? o.name : o.value }];
  });
}

function fromConfigOptions(configOptions: unknown): OfferedModes | null {
  if (!Array.isArray(configOptions)) return null;
  const option = configOptions.filter(isRecord).find((o) => o.type === 'select' && (o.id === 'mode' || o.category === 'mode'));
  if (!option || typeof option.id !== 'string') return null;
  const available = selectValues(option.options);
  if (available.length === 0) return null;
  return {
    modes: { currentModeId: typeof option.currentValue === 'string' ? option.currentValue : null, available },
    configId: option.id,
  };
}

/** The modes a session/new or session/load result offers; `modes` wins when both are there. */
export function offeredModes(result: unknown): OfferedModes | null {
  if (!isRecord(result)) return null;
  const modes = fromModeState(result.modes);
  if (modes) return { modes, configId: null };
  return fromConfigOptions(result.configOptions);
}
