// A read-only session (analyze, review) runs in the person's own checkout, so its agent is put in
// its own read-only mode where it has one: Claude's `plan`, Codex's `read-only`. Agents that write
// files themselves never ask us first in their permissive modes, so the permission policy alone
// cannot keep them read-only.
import type { AgentModes } from '../agents/agentConnection.js';
import type { ConfigOption } from '../protocol/settingsEntities.js';

/** Mode ids and names that promise no edits, best first. Compared whole, never as substrings: `dontAsk` is not `ask`. */
const READ_ONLY_NAMES = ['plan', 'read-only', 'readonly', 'ask'];

/** `Read Only`, `read_only`, `Plan Mode` → `read-only`, `read-only`, `plan`. */
function normalized(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-mode$/, '');
}

/** The offered mode that keeps the agent from editing, or null when it offers none. */
export function readOnlyModeOf(modes: AgentModes | null): { id: string; name: string } | null {
  if (!modes) return null;
  for (const wanted of READ_ONLY_NAMES) {
    const byId = modes.available.find((m) => normalized(m.id) === wanted);
    if (byId) return byId;
    const byName = modes.available.find((m) => normalized(m.name) === wanted);
    if (byName) return byName;
  }
  return null;
}

/** What a read-only session needs from its agent connection. */
export interface ModeSwitch {
  configOf(acpSessionId: string): ConfigOption[];
  setConfig(acpSessionId: string, optionId: string, value: string): Promise<unknown>;
}

/** The offered modes (the select option of category `mode`), or null when the agent offers none. */
export function modesOfConfig(options: readonly ConfigOption[]): (AgentModes & { optionId: string }) | null {
  const option = options.find((o) => o.category === 'mode' && o.type === 'select');
  if (!option) return null;
  const currentModeId = typeof option.currentValue === 'string' ? option.currentValue : null;
  return { optionId: option.id, currentModeId, available: option.values.map((v) => ({ id: v.value, name: v.name })) };
}

/**
 * Selects the read-only mode of a freshly bound agent session. Never throws: the log line it
 * returns says what happened, and the session goes on either way (its permission policy still
 * refuses every edit it is asked about).
 */
export async function enterReadOnlyMode(agent: ModeSwitch, acpSessionId: string): Promise<{ level: 'info' | 'warn'; message: string }> {
  const modes = modesOfConfig(agent.configOf(acpSessionId));
  const mode = readOnlyModeOf(modes);
  if (!modes || !mode) {
    const offered = modes?.available.map((m) => m.id).join(', ');
    return {
      level: 'warn',
      message: offered
        ? `read-only session: none of the agent's modes (${offered}) is read-only; edits are refused by the permission policy only`
        : "read-only session: the agent offers no modes; edits are refused by the permission policy only",
    };
  }
  if (modes.currentModeId === mode.id) return { level: 'info', message: `read-only session: the agent is already in its "${mode.id}" mode` };
  try {
    await agent.setConfig(acpSessionId, modes.optionId, mode.id);
    return { level: 'info', message: `read-only session: selected the agent's "${mode.id}" mode (${mode.name})` };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { level: 'warn', message: `read-only session: the agent refused its "${mode.id}" mode (${why}); edits are refused by the permission policy only` };
  }
}
