// What a session's agent reaches the daemon through (AgentHost): its updates become events (with
// settings and usage folded into the session), and its permission requests and forms make the
// session wait for a person and run on once nothing else is asked.
import type { AgentEvent, AgentHost } from '../agents/agentConnection.js';
import type { ElicitationAnswer, ElicitationAsk, PermissionAsk } from '../agents/agentHost.js';
import type { EventPayload, EventType } from '../protocol/events.js';
import type { EventBus } from './eventBus.js';
import type { PermissionOutcome } from './permissionBroker.js';
import type { ReplayFilter } from './acpBinding.js';
import type { RunnerDeps } from './sessionRunner.js';
import type { SessionRecords } from './sessionRecords.js';

/** The runner's side of the host: what it knows about the turn and the stop in progress. */
export interface RunnerHostContext {
  sessionId: string;
  deps: RunnerDeps;
  replay: ReplayFilter;
  /** The turn in flight, if any: requests are filed under it. */
  currentTurnId(): string | null;
  /** True once a stop is ending the agent: the stop, not an answer, decides the session's state. */
  stopping(): boolean;
  setStateIfLegal(to: Parameters<SessionRecords['setState']>[1], reason: Parameters<SessionRecords['setState']>[2], detail: string | null): void;
}

export function buildRunnerHost(ctx: RunnerHostContext): AgentHost {
  const { sessionId, deps } = ctx;
  /** The session's event scope never changes: looked up once, not once per streamed chunk. */
  let scope: { sessionId: string; projectId: string } | null = null;
  return {
    onEvent: (e: AgentEvent) => {
      if (ctx.replay.swallows(e.type)) return;
      scope ??= deps.records.find(sessionId) ? deps.records.scope(deps.records.get(sessionId)) : null;
      if (scope) queueAgentEvent(deps.bus, scope, deps.settings.noteAgentEvent(sessionId, e));
      if (e.type === 'usage') deps.usage.onUpdate(sessionId, e.payload.usage);
    },
    requestPermission: (req) => askPermission(ctx, req),
    requestElicitation: (req) => askForm(ctx, req),
    onStderr: (text: string) => deps.logs.write(sessionId, 'stderr', text),
  };
}

async function askPermission(ctx: RunnerHostContext, req: PermissionAsk): Promise<PermissionOutcome> {
  const { records, permissions } = ctx.deps;
  const s = records.get(ctx.sessionId);
  const title = typeof req.toolCall.title === 'string' ? req.toolCall.title : 'a tool call';
  const outcome = await permissions.request(
    s,
    ctx.currentTurnId(),
    req.toolCall,
    req.options,
    () => ctx.setStateIfLegal('waiting_for_user', 'permission', `the agent asks permission for: ${title}`),
    req.signal,
  );
  runOnWhenAnswered(ctx, 'permission');
  return outcome;
}

/** The session waits for the person while the form is open. */
async function askForm(ctx: RunnerHostContext, req: ElicitationAsk): Promise<ElicitationAnswer> {
  const { records, elicitations } = ctx.deps;
  const answer = elicitations.request(records.get(ctx.sessionId), {
    turnId: ctx.currentTurnId(),
    message: req.message,
    requestedSchema: req.requestedSchema,
    signal: req.signal,
  });
  if (elicitations.hasPending(ctx.sessionId)) ctx.setStateIfLegal('waiting_for_user', 'elicitation', `the agent asks: ${req.message}`);
  const result = await answer;
  runOnWhenAnswered(ctx, 'elicitation');
  return result;
}

/** Back to running once nothing else is asked; a stop that cancelled the request decides the state itself. */
function runOnWhenAnswered(ctx: RunnerHostContext, reason: 'permission' | 'elicitation'): void {
  const { records, permissions, elicitations } = ctx.deps;
  const now = records.find(ctx.sessionId);
  if (now?.state !== 'waiting_for_user' || now.stateReason !== reason) return;
  if (permissions.hasPending(ctx.sessionId) || elicitations.hasPending(ctx.sessionId) || ctx.stopping()) return;
  records.setState(ctx.sessionId, 'running', null, null);
}

/** Generic over the event's type, so its payload stays paired with it on the way to the bus. */
function queueAgentEvent<T extends EventType>(bus: EventBus, scope: Parameters<EventBus['emitQueued']>[1], e: { type: T; payload: EventPayload<T> }): void {
  bus.emitQueued(e.type, scope, e.payload);
}
