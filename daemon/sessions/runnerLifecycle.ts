// The lifecycle of one session's agent, as the runner sees it, in one table: which phase the
// runner is in, what it holds in that phase, and how each event moves it. The table is pure: the
// runner does the work (spawn, terminate, prompt) and reports it here as events, so every
// combination of "an agent is starting / a turn is running / we are ending it / it exited" is
// written down once instead of being implied by a handful of flags.
//
//   idle ──connect──► starting ──spawned──► binding ──bound──► ready ◄──turnEnded──┐
//                        │                     │                 └──turnStarted──► inTurn
//                  connectFailed         connectFailed (the half-started agent is ended)
//                        ▼                     ▼
//                      idle                 stopping ◄──stop / release── (any phase with an agent)
//                                              │
//                  exited (from any phase with an agent) ──► gone ──connect──► starting
//
// `C` is the agent connection and `T` the turn in flight; the table only carries them.

/** What the session should become once the turn ended by a stop has been closed. */
export type StopIntent = { reason: 'user_stop' | 'daemon_shutdown' | 'cancel_timeout'; detail: string | null };

export type RunnerState<C, T> =
  /** No agent, and none was ever started by this runner. */
  | { phase: 'idle' }
  /** An agent is being prepared and spawned; callers that need it join `pending`. */
  | { phase: 'starting'; pending: Promise<C> }
  /** The agent runs; its ACP session is being bound (`session/new` or `session/load`). */
  | { phase: 'binding'; pending: Promise<C>; conn: C }
  /** The agent is bound and idle between turns. */
  | { phase: 'ready'; conn: C }
  /** The agent is working on `turn`. */
  | { phase: 'inTurn'; conn: C; turn: T }
  /** The runner is ending the agent on purpose; its exit will be an expected one. */
  | { phase: 'stopping'; pending: Promise<C> | null; conn: C | null; turn: T | null; intent: StopIntent | null }
  /**
   * The agent has exited (or was stopped before it existed). `turn` is a turn still being wound up,
   * `pending` a connect that has not settled yet; `expected` says whether we ended it.
   */
  | { phase: 'gone'; expected: boolean; pending: Promise<C> | null; turn: T | null; intent: StopIntent | null };

export type RunnerEvent<C, T> =
  /** The runner starts an agent; `pending` settles with it bound, or fails. */
  | { type: 'connect'; pending: Promise<C> }
  /** The agent process is up (before its ACP session is bound). */
  | { type: 'spawned'; conn: C }
  /** The agent's ACP session is bound: it can take turns. */
  | { type: 'bound' }
  /** Preparing, spawning or binding failed; a spawned agent is being ended by the runner. */
  | { type: 'connectFailed' }
  | { type: 'turnStarted'; turn: T }
  | { type: 'turnEnded' }
  /** The runner ends the agent and the session is to take `intent` (stop, daemon shutdown, ignored cancel). */
  | { type: 'stop'; intent: StopIntent }
  /** The runner ends the agent without a session state to take (archive, idle shutdown, failed bind). */
  | { type: 'release' }
  /** The current agent's process ended. */
  | { type: 'exited' };

export type RunnerPhase = RunnerState<unknown, unknown>['phase'];
export type RunnerEventType = RunnerEvent<unknown, unknown>['type'];
type In<P extends RunnerPhase, C, T> = Extract<RunnerState<C, T>, { phase: P }>;
type Ev<K extends RunnerEventType, C, T> = Extract<RunnerEvent<C, T>, { type: K }>;
type Row<K extends RunnerEventType> = { [P in RunnerPhase]?: <C, T>(s: In<P, C, T>, e: Ev<K, C, T>) => RunnerState<C, T> };

const stopping = <C, T>(s: { pending?: Promise<C> | null; conn?: C | null; turn?: T | null }, intent: StopIntent | null): RunnerState<C, T> => ({
  phase: 'stopping',
  pending: s.pending ?? null,
  conn: s.conn ?? null,
  turn: s.turn ?? null,
  intent,
});
const goneAfterStop = <C, T>(s: { pending?: Promise<C> | null; turn?: T | null }, intent: StopIntent | null): RunnerState<C, T> => ({
  phase: 'gone',
  expected: true,
  pending: s.pending ?? null,
  turn: s.turn ?? null,
  intent,
});

/** Every legal move: TABLE[event][phase]. A missing cell is a move that cannot happen (a runner bug). */
export const TABLE: { [K in RunnerEventType]: Row<K> } = {
  connect: {
    idle: (_s, e) => ({ phase: 'starting', pending: e.pending }),
    // A fresh start forgets the last agent's exit and any stop intent (a resumed session runs again).
    gone: (_s, e) => ({ phase: 'starting', pending: e.pending }),
  },
  spawned: {
    starting: (s, e) => ({ phase: 'binding', pending: s.pending, conn: e.conn }),
    // Stopped while spawning: the runner now has a process to end.
    stopping: (s, e) => ({ ...s, conn: e.conn }),
  },
  bound: {
    binding: (s) => ({ phase: 'ready', conn: s.conn }),
    stopping: (s) => ({ ...s, pending: null }),
    gone: (s) => ({ ...s, pending: null }),
  },
  connectFailed: {
    starting: () => ({ phase: 'idle' }),
    // The runner ends the half-started agent: its exit is expected.
    binding: (s) => stopping({ conn: s.conn }, null),
    stopping: (s) => (s.conn === null ? goneAfterStop({ turn: s.turn }, s.intent) : { ...s, pending: null }),
    gone: (s) => ({ ...s, pending: null }),
  },
  turnStarted: {
    ready: (s, e) => ({ phase: 'inTurn', conn: s.conn, turn: e.turn }),
    // The agent is going or gone already: its prompt will fail, and the turn is closed by the stop
    // intent or as a crash.
    stopping: (s, e) => ({ ...s, turn: e.turn }),
    gone: (s, e) => ({ ...s, turn: e.turn }),
  },
  turnEnded: {
    inTurn: (s) => ({ phase: 'ready', conn: s.conn }),
    stopping: (s) => ({ ...s, turn: null }),
    gone: (s) => ({ ...s, turn: null }),
    // A turn of an agent that has since been replaced (resume right after a crash) ends unnoticed.
    starting: (s) => s,
    binding: (s) => s,
    ready: (s) => s,
  },
  stop: {
    idle: (_s, e) => goneAfterStop({}, e.intent),
    starting: (s, e) => stopping(s, e.intent),
    binding: (s, e) => stopping(s, e.intent),
    ready: (s, e) => stopping(s, e.intent),
    inTurn: (s, e) => stopping(s, e.intent),
    stopping: (s, e) => ({ ...s, intent: e.intent }),
    gone: (s, e) => ({ ...s, expected: true, intent: e.intent }),
  },
  release: {
    idle: () => goneAfterStop({}, null),
    starting: (s) => stopping(s, null),
    binding: (s) => stopping(s, null),
    ready: (s) => stopping(s, null),
    inTurn: (s) => stopping(s, null),
    // A release does not undo a stop already asked for: the session still takes that state.
    stopping: (s) => s,
    gone: (s) => ({ ...s, expected: true }),
  },
  exited: {
    binding: (s) => ({ phase: 'gone', expected: false, pending: s.pending, turn: null, intent: null }),
    ready: () => ({ phase: 'gone', expected: false, pending: null, turn: null, intent: null }),
    inTurn: (s) => ({ phase: 'gone', expected: false, pending: null, turn: s.turn, intent: null }),
    stopping: (s) => ({ phase: 'gone', expected: true, pending: s.pending, turn: s.turn, intent: s.intent }),
  },
};

/** The runner's next state; throws on a move the table does not have (a bug in the runner, not a user error). */
export function transition<C, T>(state: RunnerState<C, T>, event: RunnerEvent<C, T>): RunnerState<C, T> {
  // The row is picked by the event's type and the cell by the state's phase, so each cell receives
  // exactly the kinds it is typed for; TypeScript cannot follow that correlation through the index.
  const cell = (TABLE[event.type] as Row<RunnerEventType>)[state.phase] as
    | ((s: RunnerState<C, T>, e: RunnerEvent<C, T>) => RunnerState<C, T>)
    | undefined;
  if (!cell) throw new Error(`session runner: '${event.type}' cannot happen while ${state.phase}`);
  return cell(state, event);
}

/** The live agent connection, if the runner has one (it may be on its way out). */
export function connectionOf<C, T>(state: RunnerState<C, T>): C | null {
  return 'conn' in state ? state.conn : null;
}

/** The connect in flight that a caller needing the agent should join. */
export function pendingConnectOf<C, T>(state: RunnerState<C, T>): Promise<C> | null {
  return 'pending' in state ? state.pending : null;
}

/** The turn in flight, if any (it may be winding down after its agent went). */
export function turnOf<C, T>(state: RunnerState<C, T>): T | null {
  return 'turn' in state ? state.turn : null;
}

/** True once the runner has decided to end its agent, until a new agent starts. */
export function exitIntended<C, T>(state: RunnerState<C, T>): boolean {
  return state.phase === 'stopping' || (state.phase === 'gone' && state.expected);
}

/** The state a stopped session should take, while a stop is in force. */
export function stopIntentOf<C, T>(state: RunnerState<C, T>): StopIntent | null {
  return state.phase === 'stopping' || state.phase === 'gone' ? state.intent : null;
}
