// The chat reducer's part for what agents offer beyond turns: settings (model, mode, options),
// slash commands, context and cost, and elicitation forms. Like chatModel.ts it mutates the model
// in place and is safe to replay: every settings and commands event carries the whole current
// set, and usage reports carry cumulative figures, so the last one applied is the truth.
import { z } from 'zod';
import type { Session } from '../../daemon/protocol/entities.js';
import type { EventPayload, SwitchboardEvent } from '../../daemon/protocol/events.js';
import { CostSchema } from '../../daemon/protocol/usageEntities.js';
import type { ChatModel, ElicitationItem } from './chatTypes.js';
import { findItem, pushItem, upsertItem } from './modelItems.js';

/** A session snapshot is newer than any event replayed before it: take what it knows. */
export function adoptSessionFeatures(model: ChatModel, session: Session): void {
  if (session.configOptions) model.config = session.configOptions;
  if (session.commands) model.commands = session.commands;
  if (session.usage) model.usage = session.usage;
}

/** Applies one event if it is one of these features; others change nothing. */
export function reduceAgentFeature(model: ChatModel, e: SwitchboardEvent): void {
  switch (e.type) {
    case 'session.config_changed':
      model.config = e.payload.options;
      return;
    case 'session.config_refused':
      pushItem(model, {
        kind: 'notice',
        id: `notice@${e.seq}`,
        rev: model.revision,
        level: 'warn',
        text: `The agent refused ${e.payload.option} = ${String(e.payload.value)}: ${e.payload.message}`,
        detail: null,
      });
      return;
    case 'session.commands_changed':
      model.commands = e.payload.commands;
      return;
    case 'usage':
      return onUsageReport(model, e.payload.usage);
    case 'elicitation.requested':
      return onElicitationRequested(model, e.payload.request);
    case 'elicitation.answered':
      return onElicitationAnswered(model, e.payload);
    default:
      return;
  }
}

/** ACP `usage_update` as the daemon relays it: context used and size, the session's cumulative cost. */
const UsageReportSchema = z.object({
  used: z.number().int().nonnegative().optional(),
  size: z.number().int().nonnegative().optional(),
  cost: CostSchema.nullish(),
});

const NO_TOKENS = { inputTokens: 0, outputTokens: 0, cachedReadTokens: 0, cachedWriteTokens: 0, thoughtTokens: 0, totalTokens: 0 };

function onUsageReport(model: ChatModel, raw: Record<string, unknown>): void {
  const report = UsageReportSchema.safeParse(raw);
  if (!report.success) return;
  const { used, size, cost } = report.data;
  const prev = model.usage ?? { ...NO_TOKENS, contextUsed: null, contextSize: null, cost: null };
  // Cumulative for the session: replace, never add (adding would count every turn twice).
  model.usage = { ...prev, contextUsed: used ?? prev.contextUsed, contextSize: size ?? prev.contextSize, cost: cost ?? prev.cost };
}

function onElicitationRequested(model: ChatModel, r: EventPayload<'elicitation.requested'>['request']): void {
  const item: ElicitationItem = {
    kind: 'elicitation',
    id: `elicit:${r.id}`,
    rev: model.revision,
    requestId: r.id,
    message: r.message,
    requestedSchema: r.requestedSchema,
    status: r.state,
    action: r.action,
    content: r.content,
    answeredBy: r.answeredBy,
  };
  upsertItem(model, item);
}

function onElicitationAnswered(model: ChatModel, answer: EventPayload<'elicitation.answered'>): void {
  const item = findItem(model, `elicit:${answer.requestId}`);
  if (item?.kind !== 'elicitation') return;
  item.status = answer.answeredBy === 'system' && answer.action === 'cancel' ? 'cancelled' : 'answered';
  item.action = answer.action;
  item.answeredBy = answer.answeredBy;
  item.rev = model.revision;
}
