// A job that runs whenever it is kicked but never twice at once: kicks that arrive while it runs
// coalesce into one more run afterwards. The session runner's turn queue is pumped this way, so a
// follow-up queued mid-turn is picked up without a second pump racing the first.

export class SerialJob {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.job().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }
}
