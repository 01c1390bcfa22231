// Review comments with the Comments API, on the agent's side of a diff: the real worktree file
// (a `file:` URI inside a session's worktree), single lines or ranges. Comments are kept by the
// CommentStore (workspace state) as pending; "Send Review to Agent" turns a session's pending
// comments into one follow-up prompt (reviewPrompt.ts) quoting the lines as they are in the
// worktree, sends it, marks the threads sent and opens the session's chat.
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import type { ChatOpener } from '../commands/commandContext.js';
import type { DaemonConnection } from '../daemonConnection.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import { Disposable } from '../util/disposable.js';
import type { Logger } from '../util/logger.js';
import { CommentStore, type StoredThread, type StateStorage } from './commentStore.js';
import { buildReviewPrompt, type ReviewItem } from './reviewPrompt.js';
import { repoPathIn, turnLabel, worktreeFilePath } from './reviewUris.js';

export const COMMENT_CONTROLLER_ID = 'switchboard.review';

/** A comment as the Comments API shows it, knowing which stored comment it is. */
export class ReviewComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  readonly author: vscode.CommentAuthorInformation = { name: 'You' };
  body: vscode.MarkdownString;
  contextValue: string;
  label: string | undefined;
  timestamp: Date;

  constructor(
    readonly threadId: string,
    readonly commentId: string,
    body: string,
    createdAt: string,
    sent: boolean,
  ) {
    this.body = new vscode.MarkdownString(body);
    this.contextValue = sent ? 'sent' : 'pending';
    this.label = sent ? 'sent' : 'pending';
    this.timestamp = new Date(createdAt);
  }
}

export interface SentReview {
  sessionId: string;
  /** The follow-up turn that carries the review. */
  turn: number;
  text: string;
  comments: number;
}

export interface ReviewCommentsDeps {
  storage: StateStorage;
  connection: DaemonConnection;
  model: SessionTreeModel;
  chat: ChatOpener;
  log: Logger;
}

/** Thread line ranges as the store keeps them: 0-based, inclusive; a selection ending at column 0 ends on the line before. */
export function linesOf(range: vscode.Range): { startLine: number; endLine: number } {
  const end = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  return { startLine: range.start.line, endLine: Math.max(range.start.line, end) };
}

export class ReviewComments extends Disposable {
  readonly controller: vscode.CommentController;
  readonly store: CommentStore;
  readonly #deps: ReviewCommentsDeps;
  /** Stored thread id → the thread VS Code shows, and back. */
  readonly #shown = new Map<string, vscode.CommentThread>();
  readonly #ids = new WeakMap<vscode.CommentThread, string>();
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Pending comments were added, removed or sent. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(deps: ReviewCommentsDeps) {
    super();
    this.#deps = deps;
    this.store = new CommentStore(deps.storage);
    this.controller = this._register(vscode.comments.createCommentController(COMMENT_CONTROLLER_ID, 'Switchboard Review'));
    this.controller.options = { prompt: 'Comment for the agent…', placeHolder: 'What should the agent change here?' };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (doc: vscode.TextDocument) => (this.sessionAt(doc.uri) ? [new vscode.Range(0, 0, Math.max(0, doc.lineCount - 1), 0)] : []),
    };
    // Stored threads are shown once their session (and so its worktree) is known.
    this._register(deps.model.onDidChange(() => this.#showStored()));
    this._register(
      deps.connection.onEvent((e) => {
        if (e.type === 'session.deleted' && e.sessionId) void this.#forgetSession(e.sessionId);
      }),
    );
    this.#showStored();
  }

  /** The session whose worktree holds this file, and the file's repository path. */
  sessionAt(uri: vscode.Uri): { session: Session; path: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    for (const s of this.#deps.model.allSessions()) {
      if (!s.worktreePath || s.state === 'deleted') continue;
      const path = repoPathIn(s.worktreePath, uri.fsPath);
      if (path) return { session: s, path };
    }
    return undefined;
  }

  /** The session a thread (or a comment of it) belongs to. */
  sessionOfThread(thread: vscode.CommentThread): string | undefined {
    const id = this.#ids.get(thread);
    return id ? this.store.thread(id)?.sessionId : this.sessionAt(thread.uri)?.session.id;
  }

  /** The reply box's "Add Review Comment": a new thread's first comment, or a reply. */
  async reply(reply: vscode.CommentReply): Promise<void> {
    const text = reply.text.trim();
    if (text === '') return;
    const known = this.#ids.get(reply.thread);
    if (known) {
      await this.store.addComment(known, text);
      this.#render(reply.thread, this.store.thread(known)!);
    } else {
      const at = this.sessionAt(reply.thread.uri);
      if (!at) {
        void vscode.window.showWarningMessage('Review comments go on files in a session\'s worktree.');
        reply.thread.dispose();
        return;
      }
      const stored = await this.store.addThread({ sessionId: at.session.id, path: at.path, ...linesOf(reply.thread.range) }, text);
      this.#adopt(reply.thread, stored);
    }
    this.#onDidChange.fire();
  }

  /** A comment made without the editor (tests, other extensions): a new thread on `range` of `uri`. */
  async add(uri: vscode.Uri, range: vscode.Range, text: string): Promise<vscode.CommentThread> {
    const at = this.sessionAt(uri);
    if (!at) throw new Error(`${uri.fsPath} is not in a session's worktree`);
    const stored = await this.store.addThread({ sessionId: at.session.id, path: at.path, ...linesOf(range) }, text);
    const thread = this.controller.createCommentThread(uri, range, []);
    this.#adopt(thread, stored);
    this.#onDidChange.fire();
    return thread;
  }

  /** "Cancel" on a new thread that has no comment yet. */
  cancel(thread: vscode.CommentThread): void {
    if (!this.#ids.has(thread)) thread.dispose();
  }

  async delete(comment: ReviewComment): Promise<void> {
    const { threadRemoved } = await this.store.removeComment(comment.threadId, comment.commentId);
    const thread = this.#shown.get(comment.threadId);
    if (thread && threadRemoved) {
      this.#shown.delete(comment.threadId);
      thread.dispose();
    } else if (thread) {
      this.#render(thread, this.store.thread(comment.threadId)!);
    }
    this.#onDidChange.fire();
  }

  /** Batches the session's pending comments into one follow-up, sends it and marks them sent. */
  async send(session: Session): Promise<SentReview | undefined> {
    const pending = this.store.pending(session.id);
    if (pending.length === 0) return undefined;
    if (!session.worktreePath) throw new Error(`"${session.title}" has no worktree to review`);
    const items: ReviewItem[] = [];
    for (const t of pending) items.push({ path: t.path, startLine: t.startLine + 1, endLine: t.endLine + 1, excerpt: await excerpt(session.worktreePath, t), comments: t.comments.map((c) => c.body) });
    const text = buildReviewPrompt(items);
    const client = await this.#deps.connection.whenUp(10_000);
    const answer = await client.api.followup({ params: { id: session.id }, body: { text } });
    await this.store.markSent(
      pending.map((t) => t.id),
      answer.turn.index,
    );
    for (const t of pending) {
      const thread = this.#shown.get(t.id);
      if (thread) this.#render(thread, this.store.thread(t.id)!);
    }
    this.#onDidChange.fire();
    this.#deps.chat.open(session.id);
    const comments = pending.reduce((n, t) => n + t.comments.length, 0);
    this.#deps.log.info(`review: sent ${comments} comment(s) to session ${session.shortId} as turn index ${answer.turn.index}`);
    return { sessionId: session.id, turn: answer.turn.index, text, comments };
  }

  #adopt(thread: vscode.CommentThread, stored: StoredThread): void {
    this.#shown.set(stored.id, thread);
    this.#ids.set(thread, stored.id);
    this.#render(thread, stored);
  }

  #render(thread: vscode.CommentThread, t: StoredThread): void {
    const sent = t.state === 'sent';
    thread.comments = t.comments.map((c) => new ReviewComment(t.id, c.id, c.body, c.createdAt, sent));
    thread.label = sent ? `Sent to the agent${t.sentTurn !== null ? ` (${turnLabel(t.sentTurn).toLowerCase()})` : ''}` : 'Pending: not sent to the agent yet';
    thread.contextValue = sent ? 'switchboard:sent' : 'switchboard:pending';
    thread.canReply = !sent;
    thread.state = sent ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
  }

  #showStored(): void {
    for (const t of this.store.threads()) {
      if (this.#shown.has(t.id)) continue;
      const s = this.#deps.model.session(t.sessionId);
      if (!s?.worktreePath) continue;
      const uri = vscode.Uri.file(worktreeFilePath(s.worktreePath, t.path));
      const thread = this.controller.createCommentThread(uri, new vscode.Range(t.startLine, 0, t.endLine, 0), []);
      this.#adopt(thread, t);
    }
  }

  async #forgetSession(sessionId: string): Promise<void> {
    for (const t of this.store.threads().filter((x) => x.sessionId === sessionId)) {
      this.#shown.get(t.id)?.dispose();
      this.#shown.delete(t.id);
    }
    await this.store.forgetSession(sessionId);
    this.#onDidChange.fire();
  }
}

/** The commented lines as the worktree file has them now (the open document, unsaved edits included). */
async function excerpt(worktreePath: string, t: StoredThread): Promise<string[] | null> {
  try {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(worktreeFilePath(worktreePath, t.path)));
    const lines: string[] = [];
    for (let i = t.startLine; i <= Math.min(t.endLine, doc.lineCount - 1); i++) lines.push(doc.lineAt(i).text);
    return lines;
  } catch {
    return null;
  }
}
