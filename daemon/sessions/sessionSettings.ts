// A session's settings (model, mode, options) and slash commands: what the agent offers is stored
// on the session and announced; what the session asks for (create request over the template's
// defaults, then each change) is applied after every bind, before the next prompt when it changed
// during a turn, and at once when the agent is idle. A request is applied whole or not at all:
// options already set are put back when a later one is refused.
import type { AgentEvent } from '../agents/agentConnection.js';
import { changedOptionIds } from '../agents/sessionConfig.js';
import type { Session } from '../protocol/entities.js';
import type { CreateSessionBody } from '../protocol/routes.js';
import type { ConfigOption, SettingsRequest } from '../protocol/settingsEntities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { EventBus } from './eventBus.js';
import { messageOf } from './runnerFacts.js';
import type { SessionLogs } from './sessionLog.js';
import type { SessionRecords } from './sessionRecords.js';
import { mergeRequests, resolveRequest, type SettingMismatch, type SettingStep } from './settingsResolution.js';

/** What settings need from an agent connection. */
export interface SettingsAgent {
  configOf(acpSessionId: string): ConfigOption[];
  setConfig(acpSessionId: string, optionId: string, value: string | boolean): Promise<ConfigOption[]>;
}

/** Whether a session's agent can take a change now (idle), only before its next prompt (busy), or not at all (none). */
export type LiveAgent = { state: 'none' } | { state: 'busy' } | { state: 'idle'; agent: SettingsAgent; acpSessionId: string };

/** The session's requested settings were refused at an agent start: the session fails with `settings_refused`. */
export class SettingsRefusedError extends Error {
  readonly reason = 'settings_refused';
}

export interface SessionSettingsDeps {
  records: SessionRecords;
  bus: EventBus;
  logs: SessionLogs;
}

/** What a new session asks for: the create body's model, mode and options over the template's defaults. */
export function requestedSettingsFor(body: Pick<CreateSessionBody, 'model' | 'mode' | 'options'>, defaults: SettingsRequest | null | undefined): SettingsRequest | null {
  const fromBody: SettingsRequest = {
    ...(body.model !== undefined ? { model: body.model } : {}),
    ...(body.mode !== undefined ? { mode: body.mode } : {}),
    ...(body.options !== undefined ? { options: body.options } : {}),
  };
  return mergeRequests(defaults, fromBody);
}

/** `Session.model` for clients that read only it: the requested model, when one is. */
function modelOf(request: SettingsRequest | null): string | null {
  return typeof request?.model === 'string' ? request.model : null;
}

/** A new session's `requestedSettings`, and its `model` as old clients read it. */
export function settingsFieldsFor(body: Pick<CreateSessionBody, 'model' | 'mode' | 'options'>, defaults: SettingsRequest | null | undefined): Pick<Session, 'model' | 'requestedSettings'> {
  const requestedSettings = requestedSettingsFor(body, defaults);
  return { model: modelOf(requestedSettings), requestedSettings };
}

export class SessionSettings {
  /** Changes asked for while the agent was busy, applied before its next prompt; `before` is the request to go back to if refused. */
  private readonly pending = new Map<string, { request: SettingsRequest; before: SettingsRequest | null }>();

  constructor(private readonly deps: SessionSettingsDeps) {}

  pendingOf(sessionId: string): SettingsRequest | null {
    return this.pending.get(sessionId)?.request ?? null;
  }

  /**
   * After every bind (new, load, resume): stores and announces what the agent offers, then applies
   * the session's request. Throws SettingsRefusedError when the request names nothing offered or
   * the agent refuses it (nothing of it stays applied).
   */
  async afterBind(sessionId: string, agent: SettingsAgent, acpSessionId: string): Promise<void> {
    const s = this.deps.records.get(sessionId);
    const offered = agent.configOf(acpSessionId);
    this.announce(sessionId, offered, offered.map((o) => o.id), 'agent');
    // The stored request already holds the pending changes.
    this.pending.delete(sessionId);
    let request = s.requestedSettings ?? null;
    if (s.readOnly && request?.mode !== undefined) {
      // A read-only session stays in the agent's read-only mode whatever was asked.
      this.note(sessionId, `read-only session: the requested mode "${String(request.mode)}" is not applied`);
      const { mode: _dropped, ...rest } = request;
      request = mergeRequests(rest, null);
    }
    if (!request) return;
    const refusal = await this.apply(sessionId, agent, acpSessionId, request);
    if (refusal) throw new SettingsRefusedError(refusal.message);
  }

  /** Right before a prompt: applies the changes asked for during the last turn. A refusal is reported and the request goes back; the turn goes on. */
  async beforePrompt(sessionId: string, agent: SettingsAgent, acpSessionId: string): Promise<void> {
    const waiting = this.pending.get(sessionId);
    if (!waiting) return;
    this.pending.delete(sessionId);
    const refusal = await this.apply(sessionId, agent, acpSessionId, waiting.request);
    if (refusal) this.deps.records.update(sessionId, { requestedSettings: waiting.before, model: modelOf(waiting.before) }, true);
  }

  /**
   * A person's change: checked against what the agent offers (400 naming the field), stored as the
   * session's request, and applied now when the agent is idle (409 `agent_refused` when it refuses,
   * nothing changed), before the next prompt when it is busy, or at its next start.
   */
  async change(idOrShort: string, patch: SettingsRequest, live: LiveAgent): Promise<'now' | 'next_prompt' | 'next_start'> {
    const s = this.deps.records.get(idOrShort);
    const offered = s.configOptions ?? [];
    if (offered.length > 0) {
      const resolved = resolveRequest(offered, patch);
      if ('mismatch' in resolved) throw new SwitchboardError('invalid_request', resolved.mismatch.message, resolved.mismatch.field);
    }
    const before = s.requestedSettings ?? null;
    const requested = mergeRequests(before, patch);
    this.deps.records.update(s.id, { requestedSettings: requested, model: modelOf(requested) }, true);
    if (live.state === 'idle') {
      const refusal = await this.apply(s.id, live.agent, live.acpSessionId, patch);
      if (!refusal) return 'now';
      this.deps.records.update(s.id, { requestedSettings: before, model: modelOf(before) }, true);
      throw new SwitchboardError('agent_refused', refusal.message, refusal.field);
    }
    if (live.state === 'none') {
      // Nothing waits for a prompt any more: the stored request, applied at the start, holds it all.
      this.pending.delete(s.id);
      return 'next_start';
    }
    const waiting = this.pending.get(s.id);
    this.pending.set(s.id, { request: mergeRequests(waiting?.request, patch) ?? patch, before: waiting ? waiting.before : before });
    return 'next_prompt';
  }

  /** Keeps the session's copy of the agent's offer and commands current; fills in what the connection cannot know. */
  noteAgentEvent(sessionId: string, e: AgentEvent): AgentEvent {
    if (e.type === 'session.config_changed') {
      const s = this.deps.records.update(sessionId, { configOptions: e.payload.options }, true);
      return { type: e.type, payload: { ...e.payload, requested: s.requestedSettings ?? null } };
    }
    if (e.type === 'session.commands_changed') this.deps.records.update(sessionId, { commands: e.payload.commands }, true);
    return e;
  }

  /** Applies `request` whole: resolves every entry, sets each in turn, and puts back the ones set when one is refused. */
  private async apply(sessionId: string, agent: SettingsAgent, acpSessionId: string, request: SettingsRequest): Promise<SettingMismatch | null> {
    const before = agent.configOf(acpSessionId);
    const resolved = resolveRequest(before, request);
    if ('mismatch' in resolved) return this.refused(sessionId, request, resolved.mismatch);
    const done: SettingStep[] = [];
    for (const step of resolved.steps) {
      if (step.option.currentValue === step.value) continue;
      try {
        await agent.setConfig(acpSessionId, step.option.id, step.value);
        done.push(step);
      } catch (err) {
        await this.revert(sessionId, agent, acpSessionId, done);
        const offered = step.option.values.map((v) => v.value).join(', ');
        const message = `${step.field}: the agent refused "${String(step.value)}" for ${step.option.name} (${messageOf(err)}); it offers: ${offered || 'true or false'}`;
        return this.refused(sessionId, request, { field: step.field, option: step.option.id, value: step.value, message });
      }
    }
    const after = agent.configOf(acpSessionId);
    const changed = changedOptionIds(before, after);
    if (changed.length > 0) this.announce(sessionId, after, changed, 'user');
    return null;
  }

  /** Puts the options set so far back to their earlier values, newest first; best effort, each failure logged. */
  private async revert(sessionId: string, agent: SettingsAgent, acpSessionId: string, done: SettingStep[]): Promise<void> {
    for (const step of [...done].reverse()) {
      if (step.option.currentValue === null) continue;
      await agent.setConfig(acpSessionId, step.option.id, step.option.currentValue).catch((err: unknown) => {
        this.note(sessionId, `could not put ${step.option.id} back to "${String(step.option.currentValue)}": ${messageOf(err)}`);
      });
    }
  }

  private refused(sessionId: string, requested: SettingsRequest, mismatch: SettingMismatch): SettingMismatch {
    const s = this.deps.records.get(sessionId);
    this.deps.bus.emit('session.config_refused', this.deps.records.scope(s), { requested, option: mismatch.option, value: mismatch.value, message: mismatch.message });
    this.note(sessionId, `settings refused: ${mismatch.message}`);
    return mismatch;
  }

  private announce(sessionId: string, options: ConfigOption[], changed: string[], by: 'agent' | 'user'): void {
    const s = this.deps.records.update(sessionId, { configOptions: options }, true);
    this.deps.bus.emit('session.config_changed', this.deps.records.scope(s), { options, requested: s.requestedSettings ?? null, changed, by });
  }

  private note(sessionId: string, text: string): void {
    this.deps.logs.write(sessionId, 'daemon', text);
  }
}
