// Which sessions are a user's computer sessions. The fact is the session's `computer.session_bound`
// event (durable, and deleted with the session); this keeps an index of it in memory, read from
// the log once and kept current by `bind`.
export interface BindingRecord {
  sessionId: string | null;
  user: string;
}

export class ComputerBindings {
  private index: Map<string, string> | null = null;

  constructor(private readonly read: () => Iterable<BindingRecord>) {}

  userOf(sessionId: string): string | null {
    return this.load().get(sessionId) ?? null;
  }

  /** Session ids bound to `user`, oldest first (the log's order). */
  sessionsOf(user: string): string[] {
    return [...this.load()].filter(([, u]) => u === user).map(([id]) => id);
  }

  bind(sessionId: string, user: string): void {
    this.load().set(sessionId, user);
  }

  private load(): Map<string, string> {
    if (!this.index) {
      this.index = new Map();
      for (const r of this.read()) if (r.sessionId) this.index.set(r.sessionId, r.user);
    }
    return this.index;
  }
}
