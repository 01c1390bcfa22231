// What the agent has said so far about each tool call, so a permission request can be judged on
// all of it: agents often send a tool call's paths (locations, diff, raw input) in earlier
// `tool_call`/`tool_call_update` notifications and a bare id in `session/request_permission`.
import type { AgentEvent } from './agentHost.js';

type Json = Record<string, unknown>;

/** Enough for the calls of a busy turn; the oldest are forgotten first. */
const MAX_REMEMBERED = 500;

export class ToolCallMemory {
  private readonly calls = new Map<string, Json>();

  /** Takes in a translated update; ignores everything but tool calls. */
  note(event: AgentEvent): void {
    if (event.type !== 'tool_call' && event.type !== 'tool_call_update') return;
    const { toolCallId, ...fields } = event.payload;
    const prior = this.calls.get(toolCallId);
    this.calls.delete(toolCallId); // re-inserted last: most recently used
    this.calls.set(toolCallId, mergeToolCall(prior ?? { toolCallId }, fields));
    if (this.calls.size > MAX_REMEMBERED) this.calls.delete(this.calls.keys().next().value as string);
  }

  /** The request's tool call, with what earlier updates said about the same id folded in. */
  complete(toolCall: Json): Json {
    const id = typeof toolCall.toolCallId === 'string' ? toolCall.toolCallId : null;
    const prior = id === null ? undefined : this.calls.get(id);
    return prior ? mergeToolCall(prior, toolCall) : toolCall;
  }
}

/** Later fields win, except lists of locations and content, which add up (every path counts). */
function mergeToolCall(base: Json, update: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined || value === null) continue;
    if ((key === 'locations' || key === 'content') && Array.isArray(value)) {
      const before = Array.isArray(base[key]) ? (base[key] as unknown[]) : [];
      merged[key] = [...before, ...value];
    } else if (key === 'rawInput' && isEmptyObject(value) && base.rawInput !== undefined) {
      continue; // Claude sends an empty rawInput first and the real one later
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}
