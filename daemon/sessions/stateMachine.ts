// The session lifecycle of the design as one table. Every state change goes through
// `assertTransition`, so an illegal one is refused in one place with the current state named.
import type { SessionState } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';

const LEGAL: Record<SessionState, readonly SessionState[]> = {
  created: ['running', 'waiting_for_user', 'failed', 'stopped', 'deleted'],
  running: ['waiting_for_user', 'completed', 'failed', 'stopped', 'deleted'],
  waiting_for_user: ['running', 'completed', 'failed', 'stopped', 'deleted'],
  completed: ['running', 'failed', 'stopped', 'archived', 'deleted'],
  failed: ['running', 'archived', 'stopped', 'deleted'],
  stopped: ['running', 'archived', 'deleted'],
  archived: ['deleted'],
  deleted: [],
};

/** States in which an agent may be at work or about to be. */
export const ACTIVE_STATES: readonly SessionState[] = ['created', 'running', 'waiting_for_user'];
/** States in which no agent runs and nothing will happen until a person acts. */
export const RESTING_STATES: readonly SessionState[] = ['completed', 'failed', 'stopped', 'archived'];

export function canTransition(from: SessionState, to: SessionState): boolean {
  return from === to || LEGAL[from].includes(to);
}

export function assertTransition(from: SessionState, to: SessionState, action: string): void {
  if (!canTransition(from, to)) {
    throw new SwitchboardError('illegal_transition', `cannot ${action} a session that is ${from.replace(/_/g, ' ')}`, undefined, {
      state: from,
    });
  }
}
