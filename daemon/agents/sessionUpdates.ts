// Translates raw `session/update` params into Switchboard events. Pure, and tolerant: agents
// send variants newer than our SDK knows, so anything unrecognised becomes 'agent.update'
// instead of being dropped or crashing the connection.
import { EVENT_PAYLOADS } from '../protocol/events.js';
import type { AgentEvent } from './agentHost.js';

export interface TranslatedUpdate {
  acpSessionId: string | null;
  event: AgentEvent;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Builds the event, or null when the payload does not fit the event's schema. */
function checked(type: AgentEvent['type'], payload: unknown): AgentEvent | null {
  const parsed = EVENT_PAYLOADS[type].safeParse(payload);
  return parsed.success ? ({ type, payload: parsed.data } as AgentEvent) : null;
}

function chunkText(content: unknown): string | null {
  if (!isRecord(content)) return null;
  if (content.type === 'text' && typeof content.text === 'string') return content.text;
  // A link is still readable as text; images and embedded blobs are not.
  if (content.type === 'resource_link' && typeof content.uri === 'string') {
    const name = typeof content.name === 'string' ? content.name : content.uri;
    return `[${name}](${content.uri})`;
  }
  return null;
}

const CHUNK_EVENTS = {
  user_message_chunk: 'user.message_chunk',
  agent_message_chunk: 'agent.message_chunk',
  agent_thought_chunk: 'agent.thought_chunk',
} as const;

const TOOL_CALL_KEYS = ['toolCallId', 'title', 'kind', 'status', 'content', 'locations', 'rawInput', 'rawOutput'] as const;

function translateKnown(kind: string, update: Json): AgentEvent | null {
  if (kind in CHUNK_EVENTS) {
    const text = chunkText(update.content);
    if (text === null) return null;
    const messageId = typeof update.messageId === 'string' ? update.messageId : null;
    return checked(CHUNK_EVENTS[kind as keyof typeof CHUNK_EVENTS], { messageId, text });
  }
  if (kind === 'tool_call' || kind === 'tool_call_update') {
    const payload: Json = {};
    for (const key of TOOL_CALL_KEYS) if (key in update) payload[key] = update[key];
    return checked(kind, payload);
  }
  if (kind === 'plan') {
    const entries = Array.isArray(update.entries) ? update.entries : null;
    if (!entries) return null;
    return checked('plan', {
      entries: entries.filter(isRecord).map((e) => ({
        content: e.content,
        ...(typeof e.priority === 'string' ? { priority: e.priority } : {}),
        ...(typeof e.status === 'string' ? { status: e.status } : {}),
      })),
    });
  }
  if (kind === 'available_commands_update') return commandsChanged(update.availableCommands);
  if (kind === 'usage_update') {
    const { sessionUpdate: _kind, ...usage } = update;
    return checked('usage', { usage });
  }
  return null;
}

/** ACP `AvailableCommand`s as slash commands: name without its slash, the input's hint when it takes one. */
function commandsChanged(available: unknown): AgentEvent | null {
  if (!Array.isArray(available)) return null;
  const commands = available.filter(isRecord).flatMap((c) => {
    if (typeof c.name !== 'string' || c.name.replace(/^\//, '') === '') return [];
    const hint = isRecord(c.input) && typeof c.input.hint === 'string' ? c.input.hint : null;
    return [{ name: c.name.replace(/^\//, ''), description: typeof c.description === 'string' ? c.description : '', inputHint: hint }];
  });
  return checked('session.commands_changed', { commands });
}

/** Translates one `session/update` notification's params. Never throws. */
export function translateSessionUpdate(params: unknown): TranslatedUpdate {
  const acpSessionId = isRecord(params) && typeof params.sessionId === 'string' ? params.sessionId : null;
  const update = isRecord(params) && isRecord(params.update) ? params.update : {};
  const kind = typeof update.sessionUpdate === 'string' ? update.sessionUpdate : 'unknown';
  const event = translateKnown(kind, update) ?? {
    type: 'agent.update' as const,
    payload: { kind, update },
  };
  return { acpSessionId, event };
}
