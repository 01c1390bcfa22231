// Reads and writes of session rows that always leave an event behind: a state change is legal,
// stored, then announced, in that order, so the log and the table never disagree.
import type { Session, SessionState, StateReason } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { ENDED_STATES } from '../protocol/sessionStates.js';
import type { Store } from '../storage/store.js';
import type { EventBus } from './eventBus.js';
import { nowIso } from './ids.js';
import { assertTransition } from './stateMachine.js';

export class SessionRecords {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  /** By id or short-id prefix; 404 otherwise. */
  get(idOrShort: string): Session {
    const s = this.store.sessions.get(idOrShort) ?? this.store.sessions.getByShortIdPrefix(idOrShort);
    if (!s) throw new SwitchboardError('not_found', `no session "${idOrShort}"`, 'id');
    return s;
  }

  find(id: string): Session | null {
    return this.store.sessions.get(id);
  }

  setState(id: string, to: SessionState, reason: StateReason | null, detail: string | null, action = `move to ${to}`): Session {
    const s = this.get(id);
    if (s.state === to && s.stateReason === reason && s.stateDetail === detail) return s;
    assertTransition(s.state, to, action);
    const now = nowIso();
    const updated = this.store.sessions.update(id, {
      state: to,
      stateReason: reason,
      stateDetail: detail,
      updatedAt: now,
      endedAt: ENDED_STATES.includes(to) ? now : null,
    });
    this.bus.emit('session.state_changed', this.scope(s), { from: s.state, to, reason, detail });
    return updated;
  }

  update(id: string, patch: Partial<Session>, announce = false): Session {
    const updated = this.store.sessions.update(id, { ...patch, updatedAt: nowIso() });
    if (announce) this.bus.emit('session.updated', this.scope(updated), { session: updated });
    return updated;
  }

  scope(s: { id: string; projectId: string }): { sessionId: string; projectId: string } {
    return { sessionId: s.id, projectId: s.projectId };
  }
}
