// One chat panel: the webview of one session. It owns the document (HTML, CSP, resource roots),
// checks every message the webview sends against its schema, answers requests, and holds back
// posts until the webview has said `ready` (a message posted to a document still loading is lost).
import * as vscode from 'vscode';
import type { Session } from '../../daemon/protocol/entities.js';
import { WebviewMessageSchema, describeInvalid, type HostMessage } from '../../webview-ui/chat/messages.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { Disposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';
import { chatHtml } from './chatHtml.js';
import { COMMANDS } from '../commands/commandIds.js';
import { answerChatRequest } from './chatRequests.js';
import { FleetRelay, type FleetSource } from './fleetRelay.js';
import { SessionFeed } from './sessionFeed.js';

export interface WebviewAssets {
  /** Folders the webview may load from: the bundle's and the codicons'. Nothing else. */
  roots: vscode.Uri[];
  script: vscode.Uri;
  style: vscode.Uri;
  codicons: vscode.Uri;
}

/** Posts queued before `ready` beyond this are dropped: the `ready` answer resends what matters. */
const MAX_QUEUED = 100;

export class SessionPanel extends Disposable {
  readonly #onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.#onDidDispose.event;
  readonly #feed: SessionFeed;
  readonly #fleet: FleetRelay | null;
  readonly #log: Logger;
  #ready = false;
  #queue: HostMessage[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sessionId: string,
    connection: DaemonConnection,
    assets: WebviewAssets,
    log: Logger,
    fleet?: FleetSource,
  ) {
    super();
    this.#log = log;
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: assets.roots };
    this.#feed = this._register(
      new SessionFeed({ sessionId, source: connection, post: (m) => this.#post(m), log, onSession: (s) => this.#retitle(s) }),
    );
    this.#fleet = fleet ? this._register(new FleetRelay(fleet, sessionId, (m) => this.#post(m))) : null;
    this._register(webview.onDidReceiveMessage((raw: unknown) => void this.#onMessage(raw, connection)));
    this._register(
      panel.onDidDispose(() => {
        this.#onDidDispose.fire();
        this.dispose();
      }),
    );
    webview.html = chatHtml(webview, assets, { sessionId, title: panel.title });
  }

  async #onMessage(raw: unknown, connection: DaemonConnection): Promise<void> {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const problem = describeInvalid(parsed.error);
      this.#log.warn(`chat ${this.sessionId}: refused a webview message (${problem})`);
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) this.#post({ type: 'result', id, ok: false, message: `Invalid request: ${problem}` });
      else this.#post({ type: 'error', message: `The panel sent a message the extension does not understand (${problem}).` });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ready') {
      this.#ready = true;
      // `init` first: the webview ignores everything before the init answering its own `ready`.
      this.#feed.ready(msg.clientId, msg.lastSeq);
      const queued = this.#queue;
      this.#queue = [];
      for (const m of queued) this.#post(m);
      this.#fleet?.resend();
      return;
    }
    const { error, note } = await answerChatRequest(msg, {
      sessionId: this.sessionId,
      client: () => connection.client,
      sessionCwd: () => this.#feed.session?.cwd ?? null,
      openEditor: (p, line) => this.#openEditor(p, line),
      // The logins' own command (extension/auth/loginCommand.ts): it picks the method and runs it.
      login: async () => void (await vscode.commands.executeCommand(COMMANDS.login, this.sessionId)),
      openPort: async (port) => void (await vscode.commands.executeCommand(COMMANDS.openSessionPort, { sessionId: this.sessionId, port })),
    }).catch((err: unknown) => ({ error: errorMessage(err), note: undefined }));
    if (error !== null) this.#log.warn(`chat ${this.sessionId}: ${msg.type} failed: ${error}`);
    this.#post({ type: 'result', id: msg.id, ok: error === null, ...(error !== null ? { message: error } : {}), ...(note ? { note } : {}) });
  }

  #post(message: HostMessage): void {
    if (this.isDisposed) return;
    if (!this.#ready) {
      if (this.#queue.length < MAX_QUEUED) this.#queue.push(message);
      return;
    }
    // A hidden webview without retained context drops posts; it reloads and says `ready` again.
    void this.panel.webview.postMessage(message).then(undefined, (err: unknown) => this.#log.trace(`chat ${this.sessionId}: post failed: ${errorMessage(err)}`));
  }

  async #openEditor(absPath: string, line: number | null): Promise<void> {
    // Beside the chat, so the conversation stays in view.
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const at = line !== null ? new vscode.Position(Math.max(0, line - 1), 0) : undefined;
    await vscode.window.showTextDocument(vscode.Uri.file(absPath), {
      viewColumn: column,
      preview: true,
      ...(at ? { selection: new vscode.Range(at, at) } : {}),
    });
  }

  #retitle(session: Session): void {
    const title = session.title.length > 40 ? `${session.title.slice(0, 39)}…` : session.title;
    const next = `${title} · ${session.agent}`;
    if (this.panel.title !== next) this.panel.title = next;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}
