// Attention: a session waiting for you gets a notification with its actions (Open, Allow once,
// Reject; or Log in), unless you are already looking at its chat panel. Completed and failed
// sessions get a quieter notice, as configured (`switchboard.notifications.*`).
import * as vscode from 'vscode';
import type { PermissionRequest, Session } from '../../daemon/protocol/entities.js';
import { narrowEvent } from '../../daemon/protocol/eventNarrowing.js';
import { isWaitingForLogin } from '../../daemon/protocol/sessionStates.js';
import type { ChatOpener } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { describeToolCall, optionFor } from '../commands/permissionOptions.js';
import type { DaemonConnection, DaemonEvent } from '../daemonConnection.js';
import type { SessionTreeModel } from '../model/sessionTreeModel.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { readSettings, type CompletionNotice } from '../settings.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import type { Logger } from '../util/logger.js';

/** A policy answers in the same breath as the request; only what is still pending after this asks a person. */
const SETTLE_MS = 300;

export class Notifier extends Disposable {
  readonly #pending = new Map<string, PermissionRequest>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    connection: DaemonConnection,
    private readonly model: SessionTreeModel,
    private readonly chat: ChatOpener,
    private readonly log: Logger,
  ) {
    super();
    this._register(connection.onEvent((e) => this.#onEvent(e)));
    this._register(toDisposable(() => this.#timers.forEach(clearTimeout)));
  }

  #onEvent(e: DaemonEvent): void {
    switch (e.type) {
      case 'permission.requested': {
        const req = narrowEvent(e, e.type)?.payload.request;
        if (!req) return;
        this.#pending.set(req.id, req);
        const t = setTimeout(() => {
          this.#timers.delete(t);
          if (this.#pending.has(req.id)) void this.#askPermission(req);
        }, SETTLE_MS);
        this.#timers.add(t);
        return;
      }
      case 'permission.answered': {
        const answered = narrowEvent(e, e.type);
        if (answered) this.#pending.delete(answered.payload.requestId);
        return;
      }
      case 'session.state_changed': {
        const p = narrowEvent(e, e.type)?.payload;
        if (!p || !e.sessionId) return;
        // The model applied this event first (it subscribed first), so the session is current.
        const s = this.model.session(e.sessionId);
        if (!s) return;
        if (isWaitingForLogin({ state: p.to, stateReason: p.reason })) void this.#askLogin(s);
        else if (p.to === 'completed') this.#quiet(s, readSettings().notifyCompleted, 'completed');
        else if (p.to === 'failed') this.#quiet(s, readSettings().notifyFailed, 'failed', p.detail);
        return;
      }
      case 'session.deleted':
        for (const [id, r] of this.#pending) if (r.sessionId === e.sessionId) this.#pending.delete(id);
        return;
    }
  }

  #watching(sessionId: string): boolean {
    return vscode.window.state.focused && this.chat.focusedSessionId() === sessionId;
  }

  async #askPermission(req: PermissionRequest): Promise<void> {
    if (!readSettings().notifyWaiting || this.#watching(req.sessionId)) return;
    const s = this.model.session(req.sessionId);
    const title = s ? sessionTitle(s) : req.sessionId;
    const allow = optionFor(req.options, 'allow');
    const reject = optionFor(req.options, 'reject');
    const buttons = ['Open', ...(allow ? ['Allow once'] : []), ...(reject ? ['Reject'] : [])];
    this.log.info(`waiting for you: ${title} asks permission for ${describeToolCall(req)}`);
    const choice = await vscode.window.showWarningMessage(
      `${s?.agent ?? 'The agent'} asks permission: ${describeToolCall(req)} — "${title}"`,
      ...buttons,
    );
    if (choice === 'Open') this.chat.open(req.sessionId);
    else if (choice === 'Allow once' && allow) await vscode.commands.executeCommand(COMMANDS.approve, req.sessionId, req.id, allow.optionId);
    else if (choice === 'Reject' && reject) await vscode.commands.executeCommand(COMMANDS.reject, req.sessionId, req.id, reject.optionId);
  }

  async #askLogin(s: Session): Promise<void> {
    if (!readSettings().notifyWaiting || this.#watching(s.id)) return;
    const choice = await vscode.window.showWarningMessage(
      `${s.agent} needs you to log in before "${sessionTitle(s)}" can run.`,
      'Log in',
      'Open',
    );
    if (choice === 'Log in') await vscode.commands.executeCommand(COMMANDS.login, s.id);
    else if (choice === 'Open') this.chat.open(s.id);
  }

  #quiet(s: Session, how: CompletionNotice, what: 'completed' | 'failed', detail: string | null = null): void {
    if (how === 'off' || this.#watching(s.id)) return;
    const text = `"${sessionTitle(s)}" ${what}${detail ? `: ${detail}` : ''}`;
    if (how === 'statusBar') {
      vscode.window.setStatusBarMessage(`${what === 'completed' ? '$(pass)' : '$(error)'} Switchboard: ${text}`, 8_000);
      return;
    }
    const show = what === 'failed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(`Switchboard: ${text}`, 'Open')).then((c) => {
      if (c === 'Open') this.chat.open(s.id);
    });
  }
}
