// The event taxonomy: one payload schema per event type. Every change in the daemon is one of
// these, appended to the event log first and broadcast second. docs/events.md describes each.
import { z } from 'zod';
import {
  ArtifactSchema,
  AuthMethodSchema,
  IsolationSchema,
  PermissionRequestSchema,
  PlanEntrySchema,
  ProjectSchema,
  SessionSchema,
  SessionStateSchema,
  StateReasonSchema,
} from './entities.js';
import { AGENT_FEATURE_EVENT_PAYLOADS } from './agentFeatureEvents.js';
import { CONTAINER_EVENT_PAYLOADS } from './containerEvents.js';
import { FLEET_EVENT_PAYLOADS } from './fleetEvents.js';
import { PROJECT_EVENT_PAYLOADS } from './projectEvents.js';
import { REVIEW_EVENT_PAYLOADS } from './reviewEvents.js';
import { TurnUsageSchema } from './usageEntities.js';

const toolCallFields = {
  toolCallId: z.string(),
  title: z.string().nullish(),
  kind: z.string().nullish(),
  status: z.string().nullish(),
  content: z.array(z.unknown()).nullish(),
  locations: z.array(z.unknown()).nullish(),
  rawInput: z.unknown().optional(),
  rawOutput: z.unknown().optional(),
};

/** Payload schema of every event type, keyed by the type's name. */
export const EVENT_PAYLOADS = {
  'daemon.started': z.object({ pid: z.number().int(), version: z.string() }),
  'daemon.recovered': z.object({ interruptedSessions: z.array(z.string()), killedPids: z.array(z.number().int()) }),
  'project.added': z.object({ project: ProjectSchema }),
  'project.updated': z.object({ project: ProjectSchema }),
  'template.added': z.object({ name: z.string() }),
  'session.created': z.object({ session: SessionSchema }),
  'session.state_changed': z.object({
    from: SessionStateSchema,
    to: SessionStateSchema,
    reason: StateReasonSchema.nullable(),
    detail: z.string().nullable(),
  }),
  'session.updated': z.object({ session: SessionSchema }),
  'session.deleted': z.object({ branchDeleted: z.boolean(), worktreeRemoved: z.boolean() }),
  'worktree.created': z.object({ path: z.string(), branch: z.string(), baseCommit: z.string() }),
  'worktree.removed': z.object({ path: z.string(), branch: z.string().nullable(), branchDeleted: z.boolean() }),
  'agent.started': z.object({
    pid: z.number().int().nullable(),
    command: z.string(),
    protocolVersion: z.number().int().nullable(),
    loadSession: z.boolean(),
    authMethods: z.array(AuthMethodSchema),
    /** What confines the agent (absent in events from before sandboxes). */
    isolation: IsolationSchema.optional(),
  }),
  'agent.exited': z.object({
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    stderrTail: z.string(),
    expected: z.boolean(),
  }),
  'turn.queued': z.object({ turnId: z.string(), index: z.number().int(), prompt: z.string() }),
  'turn.started': z.object({ turnId: z.string(), index: z.number().int(), prompt: z.string() }),
  'turn.ended': z.object({
    turnId: z.string(),
    index: z.number().int(),
    stopReason: z.string().nullable(),
    error: z.string().nullable(),
    /** What the turn used, when the agent reported it. */
    usage: TurnUsageSchema.nullish(),
  }),
  'agent.message_chunk': z.object({ messageId: z.string().nullish(), text: z.string() }),
  'agent.thought_chunk': z.object({ messageId: z.string().nullish(), text: z.string() }),
  'user.message_chunk': z.object({ messageId: z.string().nullish(), text: z.string() }),
  'tool_call': z.object(toolCallFields),
  'tool_call_update': z.object(toolCallFields),
  plan: z.object({ entries: z.array(PlanEntrySchema) }),
  'permission.requested': z.object({ request: PermissionRequestSchema }),
  'permission.answered': z.object({
    requestId: z.string(),
    outcome: z.enum(['selected', 'cancelled']),
    optionId: z.string().nullable(),
    optionKind: z.string().nullable(),
    answeredBy: z.enum(['user', 'policy', 'system']),
    /** Why the policy answered so (`allow-all`, `read-only-session`, `outside-worktree: /abs/path`, …); absent for people, the system and older events. */
    rule: z.string().optional(),
  }),
  'file.read': z.object({ path: z.string(), bytes: z.number().int() }),
  'file.written': z.object({ path: z.string(), bytes: z.number().int(), created: z.boolean() }),
  'file.refused': z.object({ path: z.string(), operation: z.enum(['read', 'write']), reason: z.string() }),
  'terminal.started': z.object({
    terminalId: z.string(),
    command: z.string(),
    args: z.array(z.string()),
    cwd: z.string(),
  }),
  'terminal.exited': z.object({
    terminalId: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    outputBytes: z.number().int(),
    truncated: z.boolean(),
  }),
  usage: z.object({ usage: z.record(z.string(), z.unknown()) }),
  'agent.update': z.object({ kind: z.string(), update: z.record(z.string(), z.unknown()) }),
  log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() }),
  error: z.object({ code: z.string(), message: z.string() }),
  'context.reset': z.object({ reason: z.string(), summary: z.string() }),
  'artifact.created': z.object({ artifact: ArtifactSchema }),
  ...REVIEW_EVENT_PAYLOADS,
  ...AGENT_FEATURE_EVENT_PAYLOADS,
  ...CONTAINER_EVENT_PAYLOADS,
  ...FLEET_EVENT_PAYLOADS,
  ...PROJECT_EVENT_PAYLOADS,
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

/** What the daemon appends: the envelope without the seq and time the log assigns. */
export type NewEvent = {
  [T in EventType]: { type: T; sessionId: string | null; projectId: string | null; payload: EventPayload<T> };
}[EventType];

const envelopeFields = {
  seq: z.number().int().positive(),
  sessionId: z.string().nullable(),
  projectId: z.string().nullable(),
  time: z.string(),
};

function envelopeOf<T extends EventType>(type: T) {
  return z.object({ ...envelopeFields, type: z.literal(type), payload: EVENT_PAYLOADS[type] });
}

const envelopes = EVENT_TYPES.map((t) => envelopeOf(t));
/** A stored event as clients receive it. */
export const SwitchboardEventSchema = z.discriminatedUnion(
  'type',
  envelopes as unknown as [ReturnType<typeof envelopeOf<EventType>>, ...ReturnType<typeof envelopeOf<EventType>>[]],
);
export type SwitchboardEvent = {
  [T in EventType]: { seq: number; sessionId: string | null; projectId: string | null; time: string; type: T; payload: EventPayload<T> };
}[EventType];

/** Loose envelope, for readers that must tolerate event types newer than themselves. */
export const AnyEventSchema = z.object({ ...envelopeFields, type: z.string(), payload: z.unknown() });
