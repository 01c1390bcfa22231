// Which actions a session offers in its current state: one table, used for the tree's
// `contextValue` (so context menus only show legal actions) and for the palette's session
// pickers (so "Resume" only lists resumable sessions). The state groups are the daemon's own
// (daemon/protocol/sessionStates.ts); the daemon still has the last word.
import type { Session } from '../../daemon/protocol/entities.js';
import { ENDED_STATES, FOLLOW_UP_STATES, STOPPABLE_STATES, isResumable, isWaitingForLogin } from '../../daemon/protocol/sessionStates.js';

export const SESSION_ACTIONS = [
  'followup',
  'cancel',
  'stop',
  'resume',
  'archive',
  'delete',
  'chat',
  'logs',
  'answer',
  'login',
  'worktree',
  /** The session holds leased ports: "Open Session Port in Browser". */
  'ports',
] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

type SessionFacts = Pick<Session, 'state' | 'stateReason' | 'worktreePath'> & Partial<Pick<Session, 'ports'>>;

export function isLegal(s: SessionFacts, action: SessionAction): boolean {
  /** Waiting for a permission answer: mid-turn, unlike waiting for a login. */
  const waitingForAnswer = s.state === 'waiting_for_user' && !isWaitingForLogin(s);
  switch (action) {
    case 'followup':
      return FOLLOW_UP_STATES.includes(s.state);
    case 'cancel':
      return s.state === 'running' || waitingForAnswer;
    case 'stop':
      return STOPPABLE_STATES.includes(s.state);
    case 'resume':
      return isResumable(s);
    case 'archive':
      return ENDED_STATES.includes(s.state);
    case 'delete':
      return s.state !== 'deleted';
    case 'chat':
    case 'logs':
      return s.state !== 'deleted';
    case 'answer':
      return waitingForAnswer;
    case 'login':
      return isWaitingForLogin(s);
    case 'worktree':
      return s.worktreePath !== null && s.state !== 'deleted';
    case 'ports':
      return (s.ports?.length ?? 0) > 0 && s.state !== 'deleted' && s.state !== 'archived';
  }
}

/** The short state key of a context value: `session.waiting`, `session.running`, … */
export function stateKey(s: Pick<Session, 'state'>): string {
  return s.state === 'waiting_for_user' ? 'waiting' : s.state;
}

/**
 * `session.<state>` followed by `:<action>` for each legal action, e.g.
 * `session.waiting:followup:cancel:stop:delete:chat:logs:answer:worktree`. Menus match with
 * `viewItem =~ /:stop\b/`; the prefix is there for people reading when-clauses.
 */
export function sessionContextValue(s: SessionFacts): string {
  return [`session.${stateKey(s)}`, ...SESSION_ACTIONS.filter((a) => isLegal(s, a))].join(':');
}
