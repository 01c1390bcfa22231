// The session lifecycle as one table, and every group of states the daemon and its clients ask
// about, named for what it means. No other file lists session states: it imports a group from
// here, so the daemon's rules and the clients' menus and buttons cannot drift apart.
import type { Session, SessionState } from './entities.js';

/** Legal moves: `from` → the states it may become (staying put is always legal). */
export const SESSION_TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  // Queued: its agent waits for a slot (admission control); admitted, it runs; cancelled, it stops.
  queued: ['running', 'failed', 'stopped', 'deleted'],
  created: ['queued', 'running', 'waiting_for_user', 'failed', 'stopped', 'deleted'],
  running: ['queued', 'waiting_for_user', 'completed', 'failed', 'stopped', 'deleted'],
  waiting_for_user: ['queued', 'running', 'completed', 'failed', 'stopped', 'deleted'],
  completed: ['queued', 'running', 'failed', 'stopped', 'archived', 'deleted'],
  failed: ['queued', 'running', 'archived', 'stopped', 'deleted'],
  stopped: ['queued', 'running', 'archived', 'deleted'],
  archived: ['deleted'],
  deleted: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return from === to || SESSION_TRANSITIONS[from].includes(to);
}

/** An agent is at work or about to be: recovery fails these after a crash, shutdown stops them. */
export const ACTIVE_STATES: readonly SessionState[] = ['created', 'running', 'waiting_for_user'];

/** Starting or working on a turn, with nothing asked of a person: what "running" counts. */
export const RUNNING_STATES: readonly SessionState[] = ['created', 'running'];

/** Put away for good: no agent will run for it again, and listings hide it unless asked. */
export const RETIRED_STATES: readonly SessionState[] = ['archived', 'deleted'];

/** The session's work is over until someone acts: it gets an end time, and may be archived. */
export const ENDED_STATES: readonly SessionState[] = ['completed', 'failed', 'stopped'];

/**
 * Stop is legal: the session's agent may still be alive. Idle agents stay between turns, and a
 * prompt that fails (`prompt_failed`) leaves its agent running.
 */
export const STOPPABLE_STATES: readonly SessionState[] = ['queued', 'created', 'running', 'waiting_for_user', 'completed', 'failed'];

/** A follow-up is accepted (queued behind a running turn; an ended session starts its agent again). */
export const FOLLOW_UP_STATES: readonly SessionState[] = ['queued', 'created', 'running', 'waiting_for_user', 'completed', 'failed', 'stopped'];

/** Resume (no prompt) is legal from these, and from waiting for a login. */
export const RESUMABLE_STATES: readonly SessionState[] = ['stopped', 'failed'];

/** Nothing more happens without a person (a completed session settles once its awaited turn is done). */
export const SETTLED_STATES: readonly SessionState[] = ['completed', 'failed', 'stopped', 'archived', 'deleted', 'waiting_for_user'];

/** The state's detail says why the session halted: what it waits for, why it failed or stopped. */
export const HALTED_STATES: readonly SessionState[] = ['queued', 'waiting_for_user', 'failed', 'stopped'];

/**
 * Waiting for a free agent slot: nothing runs for it, and it keeps its place across a daemon
 * restart (recovery leaves it queued; it is not in ACTIVE_STATES).
 */
export const QUEUED_STATES: readonly SessionState[] = ['queued'];

type StateFacts = Pick<Session, 'state' | 'stateReason'>;

/** Waiting for a login rather than for an answer: the agent is not mid-turn. */
export function isWaitingForLogin(s: StateFacts): boolean {
  return s.state === 'waiting_for_user' && s.stateReason === 'auth_required';
}

/** Waiting for the project's daily budget (raised, removed, or the UTC day turning): no turn runs. */
export function isWaitingForBudget(s: StateFacts): boolean {
  return s.state === 'waiting_for_user' && s.stateReason === 'budget_exceeded';
}

/** Stopped restarting its agent after a crash loop; resume starts it again (and resets the count). */
export function isCrashLooping(s: StateFacts): boolean {
  return s.state === 'waiting_for_user' && s.stateReason === 'crash_loop';
}

/** A turn runs but the agent has gone quiet for longer than the stall limit (an attention state). */
export function isStalled(s: StateFacts): boolean {
  return s.state === 'waiting_for_user' && s.stateReason === 'stalled';
}

export function isResumable(s: StateFacts): boolean {
  return RESUMABLE_STATES.includes(s.state) || isWaitingForLogin(s) || isCrashLooping(s);
}

/** The agent works, or is about to: merging or discarding now would race its writes. */
export function isAgentWorking(s: StateFacts): boolean {
  return ACTIVE_STATES.includes(s.state) && !isWaitingForLogin(s) && !isWaitingForBudget(s) && !isCrashLooping(s);
}
