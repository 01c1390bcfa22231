// Permission requests: persisted, announced, answered by the session's policy (which also refuses
// changes outside the worktree or in a read-only session) or parked until a person answers through
// the API. Pending ones are re-surfaced from the table to clients that reconnect.
import type { PermissionOption, PermissionRequest, Session } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { newId, nowIso } from './ids.js';
import { policyChoice } from './permissionPolicy.js';

export type PermissionOutcome = { outcome: 'selected'; optionId: string } | { outcome: 'cancelled' };

export class PermissionBroker {
  private readonly waiting = new Map<string, (o: PermissionOutcome) => void>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  /**
   * Records the request; resolves at once when the policy answers, otherwise when a person does.
   * `onParked` runs only when a person must answer.
   */
  request(
    session: Session,
    turnId: string | null,
    toolCall: Record<string, unknown>,
    options: PermissionOption[],
    onParked: (req: PermissionRequest) => void,
    /** Fires when the agent gives up on the request (turn cancelled, agent gone). */
    signal?: AbortSignal,
  ): Promise<PermissionOutcome> {
    const req: PermissionRequest = {
      id: newId(),
      sessionId: session.id,
      turnId,
      toolCall,
      options,
      state: 'pending',
      chosenOptionId: null,
      answeredBy: null,
      createdAt: nowIso(),
      answeredAt: null,
    };
    this.store.permissions.insert(req);
    this.bus.emit('permission.requested', { sessionId: session.id, projectId: session.projectId }, { request: req });
    const auto = policyChoice(
      { policy: session.permissionPolicy, readOnly: session.readOnly, root: session.worktreePath ?? session.cwd, cwd: session.cwd },
      toolCall,
      options,
    );
    if (auto) {
      const outcome: PermissionOutcome = auto.kind === 'cancel' ? { outcome: 'cancelled' } : { outcome: 'selected', optionId: auto.option.optionId };
      this.settle(req, outcome, 'policy', auto.rule);
      return Promise.resolve(outcome);
    }
    return new Promise<PermissionOutcome>((resolve) => {
      this.waiting.set(req.id, resolve);
      signal?.addEventListener('abort', () => this.cancelOne(req.id), { once: true });
      onParked(req);
    });
  }

  /** A person's answer. */
  answer(sessionId: string, requestId: string, optionId: string): PermissionRequest {
    const req = this.store.permissions.get(requestId);
    if (!req || req.sessionId !== sessionId) throw new SwitchboardError('not_found', `no permission request "${requestId}" in this session`, 'requestId');
    if (req.state !== 'pending') {
      throw new SwitchboardError('conflict', `this permission request was already ${req.state}`, 'requestId', { state: req.state });
    }
    if (!req.options.some((o) => o.optionId === optionId)) {
      const ids = req.options.map((o) => o.optionId).join(', ');
      throw new SwitchboardError('invalid_request', `optionId must be one of: ${ids}`, 'optionId');
    }
    return this.settle(req, { outcome: 'selected', optionId }, 'user');
  }

  /** Ends every pending request of a session as cancelled (cancel, stop, crash, restart). */
  cancelAll(sessionId: string): void {
    for (const req of this.store.permissions.listBySession(sessionId, 'pending')) {
      this.settle(req, { outcome: 'cancelled' }, 'system');
    }
  }

  private cancelOne(requestId: string): void {
    const req = this.store.permissions.get(requestId);
    if (req?.state === 'pending') this.settle(req, { outcome: 'cancelled' }, 'system');
  }

  hasPending(sessionId: string): boolean {
    return this.store.permissions.listBySession(sessionId, 'pending').length > 0;
  }

  /** `rule`: why the policy answered as it did, shown in the event. */
  private settle(req: PermissionRequest, outcome: PermissionOutcome, by: 'user' | 'policy' | 'system', rule?: string): PermissionRequest {
    const optionId = outcome.outcome === 'selected' ? outcome.optionId : null;
    const updated = this.store.permissions.update(req.id, {
      state: outcome.outcome === 'selected' ? 'answered' : 'cancelled',
      chosenOptionId: optionId,
      answeredBy: by,
      answeredAt: nowIso(),
    });
    const session = this.store.sessions.get(req.sessionId);
    this.bus.emit(
      'permission.answered',
      { sessionId: req.sessionId, projectId: session?.projectId ?? null },
      {
        requestId: req.id,
        outcome: outcome.outcome,
        optionId,
        optionKind: req.options.find((o) => o.optionId === optionId)?.kind ?? null,
        answeredBy: by,
        ...(rule !== undefined ? { rule } : {}),
      },
    );
    const resolve = this.waiting.get(req.id);
    this.waiting.delete(req.id);
    resolve?.(outcome);
    return updated;
  }
}
