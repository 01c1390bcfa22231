// The demo agent's session settings and slash commands, offered the way real agents offer them:
// `configOptions` (a model, a mode and an effort select) plus the legacy `modes`, switched with
// session/set_config_option or session/set_mode, and an `available_commands_update` after
// session/new. Its turns only report the settings back (control word `settings`), so a test
// sees exactly what reached the agent.
import * as acp from '@agentclientprotocol/sdk';

interface Choice {
  value: string;
  name: string;
}

interface SettingDef {
  id: string;
  name: string;
  category: string;
  values: Choice[];
  initial: string;
}

const SETTINGS: readonly SettingDef[] = [
  {
    id: 'model',
    name: 'Model',
    category: 'model',
    values: [
      { value: 'demo-fast', name: 'Demo Fast' },
      { value: 'demo-smart', name: 'Demo Smart' },
    ],
    initial: 'demo-fast',
  },
  {
    id: 'mode',
    name: 'Mode',
    category: 'mode',
    values: [
      { value: 'ask', name: 'Ask' },
      { value: 'plan', name: 'Plan (read-only)' },
      { value: 'auto', name: 'Auto' },
    ],
    initial: 'ask',
  },
  {
    id: 'effort',
    name: 'Effort',
    category: 'thought_level',
    values: [
      { value: 'low', name: 'Low' },
      { value: 'high', name: 'High' },
    ],
    initial: 'low',
  },
];

/** The slash commands the demo offers; `/review …` and the others answer that they ran. */
export const DEMO_COMMANDS = [
  { name: 'review', description: 'Review the changes in the working tree', input: { hint: 'what to review' } },
  { name: 'summarize', description: 'Summarize the conversation so far', input: null },
  { name: 'explain', description: 'Explain a piece of code', input: { hint: 'file or symbol' } },
];

/** Each live session's current values, by option id. */
const current = new Map<string, Map<string, string>>();

function valuesOf(sessionId: string): Map<string, string> {
  let values = current.get(sessionId);
  if (!values) {
    values = new Map(SETTINGS.map((s) => [s.id, s.initial]));
    current.set(sessionId, values);
  }
  return values;
}

/** The session's `configOptions`, as session/new, session/load and set_config_option answer them. */
export function configOptionsOf(sessionId: string): acp.SessionConfigOption[] {
  const values = valuesOf(sessionId);
  return SETTINGS.map((s) => ({
    id: s.id,
    name: s.name,
    category: s.category,
    type: 'select' as const,
    currentValue: values.get(s.id) ?? s.initial,
    options: s.values.map((v) => ({ value: v.value, name: v.name })),
  }));
}

/** What session/new and session/load answer besides the session id: configOptions and the legacy modes. */
export function offeredSettings(sessionId: string): { configOptions: acp.SessionConfigOption[]; modes: acp.SessionModeState } {
  const mode = SETTINGS.find((s) => s.id === 'mode');
  return {
    configOptions: configOptionsOf(sessionId),
    modes: { currentModeId: valuesOf(sessionId).get('mode') ?? 'ask', availableModes: (mode?.values ?? []).map((v) => ({ id: v.value, name: v.name })) },
  };
}

/** Sets one option; an unknown option or value is refused with invalid params, as real agents do. */
export function setSetting(sessionId: string, configId: string, value: unknown): void {
  const def = SETTINGS.find((s) => s.id === configId);
  if (!def) throw acp.RequestError.invalidParams(undefined, `unknown config option "${configId}"`);
  if (typeof value !== 'string' || !def.values.some((v) => v.value === value)) {
    throw acp.RequestError.invalidParams(undefined, `invalid value for ${configId}: ${String(value)}`);
  }
  // Like real agents, whose effort levels depend on the model: a refusal of a value it offers.
  if (configId === 'effort' && value === 'high' && valuesOf(sessionId).get('model') === 'demo-fast') {
    throw acp.RequestError.invalidParams(undefined, 'demo-fast has no high effort; choose demo-smart first');
  }
  valuesOf(sessionId).set(configId, value);
}

/** `model=demo-smart mode=plan effort=high`: the values the session runs with now. */
export function settingsLine(sessionId: string): string {
  const values = valuesOf(sessionId);
  return SETTINGS.map((s) => `${s.id}=${values.get(s.id) ?? s.initial}`).join(' ');
}

/** The reply to a prompt that starts with one of DEMO_COMMANDS (`/review the parser`), or null. */
export function slashCommandReply(prompt: string): string | null {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(prompt.trim());
  const command = match ? DEMO_COMMANDS.find((c) => c.name === match[1]) : undefined;
  if (!match || !command) return null;
  const input = (match[2] ?? '').trim();
  return `Ran /${command.name}${input ? ` on: ${input}` : ''}.\n`;
}
