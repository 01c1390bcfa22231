// The sessions layer's use of the lifecycle table (daemon/protocol/sessionStates.ts): every state
// change goes through `assertTransition`, so an illegal one is refused in one place, as a 409
// `illegal_transition` naming the current state.
import type { SessionState } from '../protocol/entities.js';
import { SwitchboardError } from '../protocol/errors.js';
import { canTransition } from '../protocol/sessionStates.js';

export function assertTransition(from: SessionState, to: SessionState, action: string): void {
  if (!canTransition(from, to)) {
    throw new SwitchboardError('illegal_transition', `cannot ${action} a session that is ${from.replace(/_/g, ' ')}`, undefined, {
      state: from,
    });
  }
}
