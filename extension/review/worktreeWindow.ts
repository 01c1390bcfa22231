// A window opened on a session's worktree (Open Worktree in New Window, or by hand) puts that
// session first: once the sessions are known, its node is revealed, selected and expanded to
// its changes, and a status bar item names it and opens its review.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { Disposable } from '../util/disposable.js';
import { sessionOfFolders } from './reviewUris.js';

export class WorktreeWindow extends Disposable {
  readonly #model: SessionTreeModel;
  readonly #reveal: (sessionId: string) => void;
  readonly #item: vscode.StatusBarItem;
  #revealed: string | undefined;

  constructor(model: SessionTreeModel, reveal: (sessionId: string) => void) {
    super();
    this.#model = model;
    this.#reveal = reveal;
    this.#item = this._register(vscode.window.createStatusBarItem('switchboard.worktree', vscode.StatusBarAlignment.Left, 49));
    this.#item.name = 'Switchboard Worktree';
    this._register(model.onDidChange(() => this.update()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()));
    this.update();
  }

  /** The session this window is the worktree of, if any. */
  get sessionId(): string | undefined {
    return sessionOfFolders(this.#model.allSessions(), (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  }

  update(): void {
    const id = this.#model.loaded ? this.sessionId : undefined;
    const s = id ? this.#model.session(id) : undefined;
    if (!s) {
      this.#item.hide();
      return;
    }
    this.#item.text = `$(git-compare) ${sessionTitle(s)}`;
    this.#item.tooltip = `This window is the worktree of the Switchboard session "${sessionTitle(s)}" (${s.agent}, ${s.branch ?? 'no branch'}). Click to review its changes.`;
    this.#item.command = { command: COMMANDS.reviewAllChanges, title: 'Review All Changes', arguments: [s.id] };
    this.#item.show();
    if (this.#revealed !== s.id) {
      this.#revealed = s.id;
      this.#reveal(s.id);
    }
  }
}
