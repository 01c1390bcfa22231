// Forms an agent asks a person to fill in (elicitations): persisted, announced, parked until a
// person answers through the API (the answer checked against the form), or cancelled by the system
// when the turn is cancelled, the session stops, the agent withdraws the form or goes away.
import type { ElicitationAnswer } from '../agents/agentHost.js';
import type { ElicitationContent, ElicitationRequest } from '../protocol/elicitationEntities.js';
import { checkFormContent, formFields } from '../protocol/elicitationForm.js';
import type { Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { newId, nowIso } from './ids.js';
import type { SessionRecords } from './sessionRecords.js';

export interface ElicitationAsked {
  turnId: string | null;
  message: string;
  requestedSchema: Record<string, unknown>;
  /** Fires when the agent gives up on the form (turn cancelled, request withdrawn, agent gone). */
  signal: AbortSignal;
}

export class ElicitationBroker {
  private readonly waiting = new Map<string, (answer: ElicitationAnswer) => void>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly records: SessionRecords,
  ) {}

  /** Records the form and resolves when a person (or the system) answers it. */
  request(session: Session, asked: ElicitationAsked): Promise<ElicitationAnswer> {
    const req: ElicitationRequest = {
      id: newId(),
      sessionId: session.id,
      turnId: asked.turnId,
      message: asked.message,
      requestedSchema: asked.requestedSchema,
      state: 'pending',
      action: null,
      content: null,
      answeredBy: null,
      createdAt: nowIso(),
      answeredAt: null,
    };
    this.store.elicitations.insert(req);
    this.bus.emit('elicitation.requested', { sessionId: session.id, projectId: session.projectId }, { request: req });
    return new Promise<ElicitationAnswer>((resolve) => {
      this.waiting.set(req.id, resolve);
      if (asked.signal.aborted) this.cancelOne(req.id);
      else asked.signal.addEventListener('abort', () => this.cancelOne(req.id), { once: true });
    });
  }

  /** A person's answer; accepted content must fit the form (400 naming `content.<field>`). */
  answer(idOrShort: string, requestId: string, action: ElicitationAnswer['action'], content: ElicitationContent | undefined): ElicitationRequest {
    const sessionId = this.records.get(idOrShort).id;
    const req = this.store.elicitations.get(requestId);
    if (!req || req.sessionId !== sessionId) throw new SwitchboardError('not_found', `no elicitation "${requestId}" in this session`, 'requestId');
    if (req.state !== 'pending') {
      throw new SwitchboardError('conflict', `this elicitation was already ${req.state}`, 'requestId', { state: req.state });
    }
    if (action !== 'accept') return this.settle(req, { action }, 'user');
    const given = content ?? {};
    const problem = checkFormContent(formFields(req.requestedSchema), given);
    if (problem) throw new SwitchboardError('invalid_request', problem.message, `content.${problem.field}`);
    return this.settle(req, { action, content: given }, 'user');
  }

  /** The session's forms, oldest first. */
  list(idOrShort: string, state?: ElicitationRequest['state']): ElicitationRequest[] {
    return this.store.elicitations.listBySession(this.records.get(idOrShort).id, state);
  }

  /** Ends every pending form of a session as cancelled (cancel, stop, crash, restart). */
  cancelAll(sessionId: string): void {
    for (const req of this.store.elicitations.listBySession(sessionId, 'pending')) this.settle(req, { action: 'cancel' }, 'system');
  }

  hasPending(sessionId: string): boolean {
    return this.store.elicitations.listBySession(sessionId, 'pending').length > 0;
  }

  private cancelOne(requestId: string): void {
    const req = this.store.elicitations.get(requestId);
    if (req?.state === 'pending') this.settle(req, { action: 'cancel' }, 'system');
  }

  private settle(req: ElicitationRequest, answer: ElicitationAnswer, by: 'user' | 'system'): ElicitationRequest {
    const updated = this.store.elicitations.update(req.id, {
      state: answer.action === 'cancel' ? 'cancelled' : 'answered',
      action: answer.action,
      content: answer.action === 'accept' ? answer.content : null,
      answeredBy: by,
      answeredAt: nowIso(),
    });
    const session = this.store.sessions.get(req.sessionId);
    this.bus.emit('elicitation.answered', { sessionId: req.sessionId, projectId: session?.projectId ?? null }, { requestId: req.id, action: answer.action, answeredBy: by });
    const resolve = this.waiting.get(req.id);
    this.waiting.delete(req.id);
    resolve?.(answer);
    return updated;
  }
}
