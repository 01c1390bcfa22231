// Which actions a session offers in its current state: one table, used for the tree's
// `contextValue` (so context menus only show legal actions) and for the palette's session
// pickers (so "Resume" only lists resumable sessions). Mirrors the daemon's rules in
// daemon/sessions/stateMachine.ts and sessionService.ts; the daemon still has the last word.
import type { Session } from '../../daemon/protocol/entities.js';

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
] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

type SessionFacts = Pick<Session, 'state' | 'stateReason' | 'worktreePath'>;

export function isLegal(s: SessionFacts, action: SessionAction): boolean {
  const waitingFor = s.state === 'waiting_for_user' ? s.stateReason : null;
  switch (action) {
    case 'followup':
      return s.state !== 'archived' && s.state !== 'deleted';
    case 'cancel':
      return s.state === 'running' || (s.state === 'waiting_for_user' && waitingFor !== 'auth_required');
    case 'stop':
      return ['created', 'running', 'waiting_for_user', 'completed', 'failed'].includes(s.state);
    case 'resume':
      return s.state === 'stopped' || s.state === 'failed' || waitingFor === 'auth_required';
    case 'archive':
      return s.state === 'completed' || s.state === 'failed' || s.state === 'stopped';
    case 'delete':
      return s.state !== 'deleted';
    case 'chat':
    case 'logs':
      return s.state !== 'deleted';
    case 'answer':
      return s.state === 'waiting_for_user' && waitingFor !== 'auth_required';
    case 'login':
      return waitingFor === 'auth_required';
    case 'worktree':
      return s.worktreePath !== null && s.state !== 'deleted';
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
