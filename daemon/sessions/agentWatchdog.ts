// The agent watchdog of one session: a crash loop is bounded (the agent is not started again after
// CRASH_LIMIT crashes within CRASH_WINDOW_MS, until a person resumes the session), and a turn with
// no word from the agent for the stall limit is flagged `stalled` instead of waiting in silence.
// Both are per runner and in memory: a daemon restart starts the count afresh.

/** Crashes (unexpected exits, failed starts) in the window after which the agent is not started again. */
export const CRASH_LIMIT = 3;
export const CRASH_WINDOW_MS = 10 * 60 * 1000;

export class CrashLoopGuard {
  private crashes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** The agent exited unexpectedly, or could not start. */
  noteCrash(): void {
    this.crashes.push(this.now());
  }

  /** A person resumed the session: they want it tried again. */
  reset(): void {
    this.crashes = [];
  }

  /** Why the agent must not be started now, or null. */
  refusal(): string | null {
    const since = this.now() - CRASH_WINDOW_MS;
    this.crashes = this.crashes.filter((t) => t >= since);
    if (this.crashes.length < CRASH_LIMIT) return null;
    const minutes = Math.round(CRASH_WINDOW_MS / 60_000);
    return `the agent crashed ${this.crashes.length} times within ${minutes} minutes, so it is not started again; look at its log, then resume the session to try again`;
  }
}

/**
 * Watches one turn for silence. `touch` on every message from the agent; `hold` around a question
 * the agent waits on (a permission, a form), during which silence is ours, not the agent's.
 */
export class StallWatch {
  private timer: NodeJS.Timeout | null = null;
  private holds = 0;
  private stalled = false;
  private running = false;

  constructor(
    private readonly limitMs: number,
    private readonly onStall: () => void,
    private readonly onRevive: () => void,
  ) {}

  start(): void {
    this.running = true;
    this.stalled = false;
    this.arm();
  }

  /** The agent said something: the turn is alive (again). */
  touch(): void {
    if (!this.running) return;
    if (this.stalled) {
      this.stalled = false;
      this.onRevive();
    }
    this.arm();
  }

  /** Silence while `pending` is open is not the agent's. */
  hold<T>(pending: Promise<T>): Promise<T> {
    this.holds += 1;
    this.disarm();
    const done = (): void => {
      this.holds -= 1;
      this.touch();
    };
    pending.then(done, done);
    return pending;
  }

  /** The turn ended; true when it was flagged stalled at that moment (the caller puts the state right). */
  stop(): boolean {
    const was = this.stalled;
    this.running = false;
    this.stalled = false;
    this.disarm();
    return was;
  }

  private arm(): void {
    this.disarm();
    if (!this.running || this.holds > 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running || this.holds > 0 || this.stalled) return;
      this.stalled = true;
      this.onStall();
    }, this.limitMs);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
