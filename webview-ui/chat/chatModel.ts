// The chat reducer: daemon events → view model. No DOM and no I/O, so it runs the same in the
// webview and in unit tests. It mutates the model in place (a long session streams tens of
// thousands of chunks; copying the timeline per chunk would be quadratic) and is idempotent by
// seq: an event at or below `lastSeq` changes nothing, so replaying history over a live model,
// or live events over replayed history, never duplicates or drops a message.
import type { Session } from '../../daemon/protocol/entities.js';
import { narrowEvent, type LooseEvent } from '../../daemon/protocol/eventNarrowing.js';
import type { EventPayload, SwitchboardEvent } from '../../daemon/protocol/events.js';
import { isWaitingForLogin } from '../../daemon/protocol/sessionStates.js';
import { adoptSessionFeatures, reduceAgentFeature } from './agentFeatureReducer.js';
import type { ChatModel, NoticeItem, TextItem, ToolItem, ToolLocation, UserItem } from './chatTypes.js';
import { findItem, pushItem, upsertItem } from './modelItems.js';

export function createChatModel(): ChatModel {
  return {
    lastSeq: 0,
    revision: 0,
    session: null,
    status: null,
    items: [],
    queued: [],
    plan: [],
    terminals: {},
    index: {},
    currentTurnId: null,
    config: [],
    commands: [],
    usage: null,
  };
}

/** A session snapshot from the host (`getSession`): the header's data before or between events. */
export function setSession(model: ChatModel, session: Session): void {
  model.session = session;
  model.status = { state: session.state, reason: session.stateReason, detail: session.stateDetail };
  adoptSessionFeatures(model, session);
  model.revision++;
}

/** Applies events in order; returns how many changed the model. */
export function applyEvents(model: ChatModel, events: readonly LooseEvent[]): number {
  let applied = 0;
  for (const e of events) if (applyEvent(model, e)) applied++;
  return applied;
}

/**
 * Applies one event. Events of types this build does not know, or whose payload does not parse,
 * still advance `lastSeq`: a newer daemon must not make the panel re-request them forever.
 */
export function applyEvent(model: ChatModel, raw: LooseEvent): boolean {
  if (raw.seq <= model.lastSeq) return false;
  model.lastSeq = raw.seq;
  const event = narrowEvent(raw);
  if (!event) return false;
  model.revision++;
  reduce(model, event);
  return true;
}

function reduce(model: ChatModel, e: SwitchboardEvent): void {
  switch (e.type) {
    case 'session.created':
    case 'session.updated':
      model.session = e.payload.session;
      model.status = { state: e.payload.session.state, reason: e.payload.session.stateReason, detail: e.payload.session.stateDetail };
      adoptSessionFeatures(model, e.payload.session);
      return;
    case 'session.state_changed':
      return onStateChanged(model, e.seq, e.payload);
    case 'turn.queued':
      return onTurnQueued(model, e.payload.turnId, e.payload.index, e.payload.prompt);
    case 'turn.started':
      return onTurnStarted(model, e.payload.turnId, e.payload.index, e.payload.prompt);
    case 'turn.ended':
      return onTurnEnded(model, e.seq, e.payload);
    case 'agent.message_chunk':
      return appendChunk(model, e.seq, 'agent', e.payload.messageId ?? null, e.payload.text);
    case 'agent.thought_chunk':
      return appendChunk(model, e.seq, 'thought', e.payload.messageId ?? null, e.payload.text);
    case 'user.message_chunk':
      return appendChunk(model, e.seq, 'userEcho', e.payload.messageId ?? null, e.payload.text);
    case 'tool_call':
    case 'tool_call_update':
      return mergeToolCall(model, e.payload);
    case 'plan':
      return onPlan(model, e.payload.entries);
    case 'permission.requested':
      return onPermissionRequested(model, e.payload.request);
    case 'permission.answered':
      return onPermissionAnswered(model, e.payload);
    case 'file.written':
      pushItem(model, { kind: 'file', id: `file:${e.seq}`, rev: model.revision, ...e.payload });
      return;
    case 'file.refused':
      pushNotice(model, e.seq, 'warn', `Refused ${e.payload.operation} of ${e.payload.path}: ${e.payload.reason}`);
      return;
    case 'terminal.started':
    case 'terminal.exited':
      return onTerminal(model, e);
    case 'agent.exited':
      if (!e.payload.expected) {
        const how = e.payload.signal ? `signal ${e.payload.signal}` : `exit code ${e.payload.exitCode ?? 'unknown'}`;
        pushNotice(model, e.seq, 'error', `The agent exited unexpectedly (${how})`, e.payload.stderrTail || null);
      }
      return;
    case 'error':
      pushNotice(model, e.seq, 'error', `${e.payload.message} (${e.payload.code})`);
      return;
    case 'log':
      if (e.payload.level !== 'debug') pushNotice(model, e.seq, e.payload.level, e.payload.message);
      return;
    case 'context.reset':
      pushNotice(model, e.seq, 'info', `Context reset: ${e.payload.reason}`, e.payload.summary || null);
      return;
    default:
      // Settings, commands, usage and elicitations (agentFeatureReducer.ts); project, worktree,
      // artifact and raw agent updates have no place in the conversation.
      reduceAgentFeature(model, e);
      return;
  }
}

function onStateChanged(model: ChatModel, seq: number, { to, reason, detail }: EventPayload<'session.state_changed'>): void {
  model.status = { state: to, reason, detail };
  if (model.session) model.session = { ...model.session, state: to, stateReason: reason, stateDetail: detail };
  if (to === 'failed' || isWaitingForLogin({ state: to, stateReason: reason })) {
    const level = to === 'failed' ? 'error' : 'warn';
    pushNotice(model, seq, level, `Session ${to.replace(/_/g, ' ')}${reason ? ` (${reason.replace(/_/g, ' ')})` : ''}${detail ? `: ${detail}` : ''}`);
  }
}

function onPermissionRequested(model: ChatModel, r: EventPayload<'permission.requested'>['request']): void {
  const tool = r.toolCall;
  const title = typeof tool.title === 'string' && tool.title ? tool.title : 'a tool call';
  upsertItem(model, {
    kind: 'permission',
    id: `perm:${r.id}`,
    rev: model.revision,
    requestId: r.id,
    toolCallId: typeof tool.toolCallId === 'string' ? tool.toolCallId : null,
    title,
    toolKind: typeof tool.kind === 'string' ? tool.kind : null,
    options: r.options,
    status: r.state,
    chosenOptionId: r.chosenOptionId,
    answeredBy: r.answeredBy,
  });
}

function onPermissionAnswered(model: ChatModel, answer: EventPayload<'permission.answered'>): void {
  const item = findItem(model, `perm:${answer.requestId}`);
  if (item?.kind !== 'permission') return;
  item.status = answer.outcome === 'selected' ? 'answered' : 'cancelled';
  item.chosenOptionId = answer.optionId;
  item.answeredBy = answer.answeredBy;
  item.rev = model.revision;
}

function onTurnQueued(model: ChatModel, turnId: string, index: number, prompt: string): void {
  if (findItem(model, `turn:${turnId}`) || model.queued.some((q) => q.turnId === turnId)) return;
  model.queued.push(userItem(model, turnId, index, prompt, 'queued'));
}

function onTurnStarted(model: ChatModel, turnId: string, index: number, prompt: string): void {
  // A queued prompt leaves the queue and enters the timeline where its answer will stream.
  model.queued = model.queued.filter((q) => q.turnId !== turnId);
  model.currentTurnId = turnId;
  const existing = findItem(model, `turn:${turnId}`);
  if (existing?.kind === 'user') {
    existing.status = 'running';
    existing.rev = model.revision;
    return;
  }
  pushItem(model, userItem(model, turnId, index, prompt, 'running'));
}

function onTurnEnded(
  model: ChatModel,
  seq: number,
  p: { turnId: string; index: number; stopReason: string | null; error: string | null },
): void {
  if (model.currentTurnId === p.turnId) model.currentTurnId = null;
  const queuedAt = model.queued.findIndex((q) => q.turnId === p.turnId);
  // A turn that ends before it starts (cancelled while queued, or its session failed) is still shown.
  if (queuedAt >= 0) {
    const [q] = model.queued.splice(queuedAt, 1);
    if (q) pushItem(model, q);
  }
  const item = findItem(model, `turn:${p.turnId}`);
  if (item?.kind === 'user') {
    item.status = 'done';
    item.stopReason = p.stopReason;
    item.error = p.error;
    item.rev = model.revision;
  }
  if (p.error) pushNotice(model, seq, 'error', `Turn ${p.index + 1} failed: ${p.error}`);
}

function userItem(model: ChatModel, turnId: string, index: number, text: string, status: UserItem['status']): UserItem {
  return { kind: 'user', id: `turn:${turnId}`, rev: model.revision, turnId, index, text, status, stopReason: null, error: null };
}

function appendChunk(model: ChatModel, seq: number, kind: TextItem['kind'], messageId: string | null, text: string): void {
  // Chunks with an id join that message wherever it is; without one they join only the run they continue.
  const target = messageId !== null ? findItem(model, `${kind}:${messageId}`) : model.items[model.items.length - 1];
  if (target && target.kind === kind && target.messageId === messageId) {
    target.text += text;
    target.chunks++;
    target.rev = model.revision;
    return;
  }
  pushItem(model, { kind, id: messageId !== null ? `${kind}:${messageId}` : `${kind}@${seq}`, rev: model.revision, messageId, text, chunks: 1 });
}

type ToolPayload = SwitchboardEvent & { type: 'tool_call' | 'tool_call_update' };

function mergeToolCall(model: ChatModel, p: ToolPayload['payload']): void {
  const id = `tool:${p.toolCallId}`;
  let item = findItem(model, id);
  if (item?.kind !== 'tool') {
    // An update may arrive for a call whose start this client never saw (an agent's bug); show what there is.
    item = {
      kind: 'tool',
      id,
      rev: model.revision,
      toolCallId: p.toolCallId,
      title: null,
      toolKind: null,
      status: null,
      content: [],
      locations: [],
      rawInput: undefined,
      rawOutput: undefined,
      terminalIds: [],
    };
    pushItem(model, item);
  }
  const tool: ToolItem = item;
  // ACP: fields absent (or null) in an update are unchanged; present collections replace.
  if (p.title != null) tool.title = p.title;
  if (p.kind != null) tool.toolKind = p.kind;
  if (p.status != null) tool.status = p.status;
  if (p.content != null) {
    tool.content = p.content;
    tool.terminalIds = p.content.flatMap((c) => {
      const t = c as { type?: unknown; terminalId?: unknown };
      return t.type === 'terminal' && typeof t.terminalId === 'string' ? [t.terminalId] : [];
    });
  }
  if (p.locations != null) tool.locations = p.locations.flatMap(toLocation);
  if (p.rawInput !== undefined) tool.rawInput = p.rawInput;
  if (p.rawOutput !== undefined) tool.rawOutput = p.rawOutput;
  tool.rev = model.revision;
}

function toLocation(value: unknown): ToolLocation[] {
  const v = value as { path?: unknown; line?: unknown } | null;
  if (!v || typeof v.path !== 'string') return [];
  return [{ path: v.path, line: typeof v.line === 'number' ? v.line : null }];
}

function onPlan(model: ChatModel, entries: ChatModel['plan']): void {
  model.plan = entries;
  // One checklist per turn, updated in place as the agent ticks steps off.
  const id = `plan:${model.currentTurnId ?? 'none'}`;
  const item = findItem(model, id);
  if (item?.kind === 'plan') {
    item.entries = entries;
    item.rev = model.revision;
    return;
  }
  pushItem(model, { kind: 'plan', id, rev: model.revision, turnId: model.currentTurnId, entries });
}

function onTerminal(model: ChatModel, e: SwitchboardEvent & { type: 'terminal.started' | 'terminal.exited' }): void {
  const id = e.payload.terminalId;
  const prev = model.terminals[id];
  model.terminals[id] =
    e.type === 'terminal.started'
      ? { terminalId: id, command: e.payload.command, args: e.payload.args, exitCode: null, signal: null, outputBytes: null, truncated: false, running: true }
      : {
          terminalId: id,
          command: prev?.command ?? '',
          args: prev?.args ?? [],
          exitCode: e.payload.exitCode,
          signal: e.payload.signal,
          outputBytes: e.payload.outputBytes,
          truncated: e.payload.truncated,
          running: false,
        };
  for (const item of model.items) {
    if (item.kind === 'tool' && item.terminalIds.includes(id)) item.rev = model.revision;
  }
}

function pushNotice(model: ChatModel, seq: number, level: NoticeItem['level'], text: string, detail: string | null = null): void {
  pushItem(model, { kind: 'notice', id: `notice@${seq}`, rev: model.revision, level, text, detail });
}
