// Review comments as the extension keeps them (in the workspace's state, so they survive a
// window reload): threads on a line range of a session's file, pending until "Send Review to
// Agent" batches them into a follow-up, then sent. Host-independent: the storage is any
// Memento-shaped object, so the unit tests use a Map.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const COMMENTS_STATE_KEY = 'switchboard.review.comments';

const StoredCommentSchema = z.object({ id: z.string(), body: z.string(), createdAt: z.string() });
const StoredThreadSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  /** Repository-relative path of the commented file. */
  path: z.string(),
  /** 0-based, inclusive (as `vscode.Range` lines). */
  startLine: z.number().int().nonnegative(),
  endLine: z.number().int().nonnegative(),
  comments: z.array(StoredCommentSchema),
  state: z.enum(['pending', 'sent']),
  sentAt: z.string().nullable(),
  /** The follow-up turn that carried it. */
  sentTurn: z.number().int().nullable(),
});
export type StoredComment = z.infer<typeof StoredCommentSchema>;
export type StoredThread = z.infer<typeof StoredThreadSchema>;

/** What `vscode.Memento` offers and the store needs. */
export interface StateStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export class CommentStore {
  readonly #storage: StateStorage;
  readonly #newId: () => string;
  readonly #now: () => string;
  #threads: StoredThread[];

  constructor(storage: StateStorage, options: { newId?: () => string; now?: () => string } = {}) {
    this.#storage = storage;
    this.#newId = options.newId ?? randomUUID;
    this.#now = options.now ?? (() => new Date().toISOString());
    // Whatever does not parse (an older or damaged state) is dropped, never fatal.
    const raw = storage.get<unknown>(COMMENTS_STATE_KEY);
    const parsed = z.array(z.unknown()).safeParse(raw);
    this.#threads = parsed.success ? parsed.data.flatMap((t) => {
      const r = StoredThreadSchema.safeParse(t);
      return r.success ? [r.data] : [];
    }) : [];
  }

  threads(): readonly StoredThread[] {
    return this.#threads;
  }

  thread(id: string): StoredThread | undefined {
    return this.#threads.find((t) => t.id === id);
  }

  /** Pending threads of a session (or of all sessions), in file and line order. */
  pending(sessionId?: string): StoredThread[] {
    return this.#threads
      .filter((t) => t.state === 'pending' && (sessionId === undefined || t.sessionId === sessionId))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine));
  }

  /** Sessions with at least one pending comment. */
  sessionsWithPending(): string[] {
    return [...new Set(this.pending().map((t) => t.sessionId))];
  }

  async addThread(at: { sessionId: string; path: string; startLine: number; endLine: number }, body: string): Promise<StoredThread> {
    const thread: StoredThread = {
      id: this.#newId(),
      sessionId: at.sessionId,
      path: at.path,
      startLine: Math.min(at.startLine, at.endLine),
      endLine: Math.max(at.startLine, at.endLine),
      comments: [{ id: this.#newId(), body, createdAt: this.#now() }],
      state: 'pending',
      sentAt: null,
      sentTurn: null,
    };
    this.#threads.push(thread);
    await this.#save();
    return thread;
  }

  /** A reply on a pending thread (sent threads take no replies: comment anew instead). */
  async addComment(threadId: string, body: string): Promise<StoredComment | undefined> {
    const t = this.thread(threadId);
    if (!t || t.state === 'sent') return undefined;
    const c: StoredComment = { id: this.#newId(), body, createdAt: this.#now() };
    t.comments.push(c);
    await this.#save();
    return c;
  }

  /** Removes a comment; a thread left without comments is removed too (answers whether it was). */
  async removeComment(threadId: string, commentId: string): Promise<{ threadRemoved: boolean }> {
    const t = this.thread(threadId);
    if (!t) return { threadRemoved: true };
    t.comments = t.comments.filter((c) => c.id !== commentId);
    if (t.comments.length === 0) this.#threads = this.#threads.filter((x) => x !== t);
    await this.#save();
    return { threadRemoved: t.comments.length === 0 };
  }

  async removeThread(threadId: string): Promise<void> {
    this.#threads = this.#threads.filter((t) => t.id !== threadId);
    await this.#save();
  }

  async markSent(threadIds: readonly string[], turn: number | null): Promise<void> {
    const at = this.#now();
    for (const t of this.#threads) {
      if (threadIds.includes(t.id)) {
        t.state = 'sent';
        t.sentAt = at;
        t.sentTurn = turn;
      }
    }
    await this.#save();
  }

  /** A deleted session's comments go with it. */
  async forgetSession(sessionId: string): Promise<void> {
    const before = this.#threads.length;
    this.#threads = this.#threads.filter((t) => t.sessionId !== sessionId);
    if (this.#threads.length !== before) await this.#save();
  }

  #save(): PromiseLike<void> {
    return this.#storage.update(COMMENTS_STATE_KEY, this.#threads);
  }
}
