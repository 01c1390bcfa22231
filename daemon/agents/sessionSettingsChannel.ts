// The settings each ACP session of one agent offers (model, mode, options), kept current from the
// session/new|load|resume answers and the agent's updates, and changed through the ACP method each
// option's source calls for. The agent connection owns one; it sends the requests.
import * as acp from '@agentclientprotocol/sdk';
import type { ConfigOption } from '../protocol/settingsEntities.js';
import type { AgentEvent } from './agentHost.js';
import { AgentRequestError } from './errors.js';
import { changedOptionIds, foldConfigUpdate, offeredConfig, readConfigOptions } from './sessionConfig.js';

/** Sends one request to the agent (with the connection's timeout and exit handling). */
export type SendRequest = (method: string, params: Record<string, unknown>) => Promise<unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class SessionSettingsChannel {
  private readonly configs = new Map<string, ConfigOption[]>();

  constructor(private readonly send: SendRequest) {}

  /** Records what a session/new, load or resume answer offers. */
  offered(acpSessionId: string, result: unknown): void {
    this.configs.set(acpSessionId, offeredConfig(result));
  }

  /** The settings the agent offers for this session, with their current values (empty: it offers none). */
  configOf(acpSessionId: string): ConfigOption[] {
    return structuredClone(this.configs.get(acpSessionId) ?? []);
  }

  /**
   * Sets one offered option, by the ACP method its source calls for: session/set_config_option
   * (whose answer is the whole new set), session/set_mode, or session/set_model (not in the SDK's
   * method table, so sent by name). Answers the new set. Throws AgentRequestError (the agent's refusal).
   */
  async setConfig(acpSessionId: string, optionId: string, value: string | boolean): Promise<ConfigOption[]> {
    const options = this.configs.get(acpSessionId) ?? [];
    const option = options.find((o) => o.id === optionId);
    if (!option) throw new AgentRequestError('protocol', 'session/set_config_option', `the agent offers no option "${optionId}"`);
    const res = await this.sendSetting(acpSessionId, option, value);
    const answered = isRecord(res) ? readConfigOptions(res.configOptions) : null;
    const current = this.configs.get(acpSessionId) ?? options;
    const next = answered ?? current.map((o) => (o.id === optionId ? { ...o, currentValue: value } : o));
    this.configs.set(acpSessionId, next);
    return structuredClone(next);
  }

  /** Folds a settings update into the session's set; the event that reports the new set, or null when it changed nothing. */
  fold(acpSessionId: string, update: unknown): AgentEvent | null {
    const before = this.configs.get(acpSessionId) ?? [];
    const after = foldConfigUpdate(before, update);
    if (after === null) return null;
    this.configs.set(acpSessionId, after);
    const changed = changedOptionIds(before, after);
    // An update that repeats what is known (the echo of our own set request) stays a plain agent.update.
    if (changed.length === 0) return null;
    return { type: 'session.config_changed', payload: { options: structuredClone(after), requested: null, changed, by: 'agent' } };
  }

  private sendSetting(sessionId: string, option: ConfigOption, value: string | boolean): Promise<unknown> {
    if (option.source === 'config') {
      const params = typeof value === 'boolean' ? { sessionId, configId: option.id, type: 'boolean', value } : { sessionId, configId: option.id, value };
      return this.send(acp.methods.agent.session.setConfigOption, params);
    }
    if (option.source === 'modes') return this.send(acp.methods.agent.session.setMode, { sessionId, modeId: String(value) });
    return this.send('session/set_model', { sessionId, modelId: String(value) });
  }
}
