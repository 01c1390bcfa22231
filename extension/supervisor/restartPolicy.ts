// A bounded restart policy: at most `max` restarts within a sliding `windowMs`. A daemon that
// dies right after every start (a broken native module, a full disk) must not be respawned in
// a loop; after the budget is spent a person decides (the "Restart" button).
export class RestartPolicy {
  #times: number[] = [];

  constructor(
    readonly max = 3,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart and returns true if the budget allows it; false means give up for now. */
  tryAcquire(): boolean {
    const t = this.now();
    this.#times = this.#times.filter((x) => t - x < this.windowMs);
    if (this.#times.length >= this.max) return false;
    this.#times.push(t);
    return true;
  }

  /** A person asked for a restart, or the daemon has been healthy for a while: start afresh. */
  reset(): void {
    this.#times = [];
  }

  get recent(): number {
    const t = this.now();
    return this.#times.filter((x) => t - x < this.windowMs).length;
  }
}
