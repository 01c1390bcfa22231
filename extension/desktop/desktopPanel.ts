// One desktop panel: a webview whose iframe shows the daemon's noVNC page for a user's computer
// container. The extension holds the bearer token, so it asks for the short-lived ticket and hands
// the page URL to the webview right away; every (re)connect asks again. The webview is not kept
// alive while hidden (a hidden desktop would keep decoding frames): shown again, it says `ready`
// and gets a fresh URL.
import * as vscode from 'vscode';
import type { DesktopAccess } from '../../daemon/protocol/containerEntities.js';
import { DesktopWebviewMessageSchema, type DesktopHostMessage, type DesktopState, type DesktopWebviewMessage } from '../../webview-ui/desktop/messages.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { Disposable, toDisposable } from '../util/disposable.js';
import { errorMessage, type Logger } from '../util/logger.js';
import { desktopErrorHtml, desktopHtml, type DesktopResources } from './desktopHtml.js';
import { daemonRootOf, externalPageUrl, frameOriginOf } from './desktopUrls.js';

/** Reconnect delays after a drop, in ms; the last one repeats. Reset once connected. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

export function reconnectDelayMs(attempt: number): number {
  return RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
}

interface Reachable {
  access: DesktopAccess;
  /** The page as the webview reaches it (mapped through asExternalUri). */
  url: string;
  origin: string;
}

/** The webview's bundle: the folder it may load from, and its script and stylesheet. */
export interface DesktopAssets extends DesktopResources<vscode.Uri> {
  roots: vscode.Uri[];
}

export class DesktopPanel extends Disposable {
  readonly #connection: DaemonConnection;
  readonly #log: Logger;
  readonly #assets: DesktopAssets;
  #viewOnly: boolean;
  /** The origin the current document's CSP allows; a different one needs a new document. */
  #origin: string | null = null;
  /** A URL fetched for the document being rendered, handed over on its `ready`. */
  #pendingUrl: string | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The clipboard text last exchanged with the desktop, so neither side echoes it back. */
  #lastClipboard: string | null = null;
  #state: DesktopState = 'connecting';
  readonly #onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.#onDidDispose.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly user: string,
    viewOnly: boolean,
    connection: DaemonConnection,
    assets: DesktopAssets,
    log: Logger,
  ) {
    super();
    this.#connection = connection;
    this.#assets = assets;
    this.#log = log;
    this.#viewOnly = viewOnly;
    // Our bundle only; the desktop itself comes from the daemon, into the iframe.
    panel.webview.options = { enableScripts: true, localResourceRoots: assets.roots };
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.#onRawMessage(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (panel.active && this.#state === 'connected') void this.#pushClipboard(false);
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(toDisposable(() => this.#timer && clearTimeout(this.#timer)));
    void this.#render();
  }

  /** The page's last reported connection state (`connecting`, `connected`, `disconnected`, `failed`). */
  get state(): DesktopState {
    return this.#state;
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#onDidDispose.fire();
    super.dispose();
    this.panel.dispose();
  }

  async #reach(): Promise<Reachable> {
    const client = await this.#connection.whenUp(30_000);
    const access = await client.api.computerDesktop({
      params: { user: this.user, project: '-' },
      query: this.#viewOnly ? { viewOnly: 'true' } : {},
    });
    const root = await vscode.env.asExternalUri(vscode.Uri.parse(daemonRootOf(access.pageUrl)));
    const url = externalPageUrl(access.pageUrl, root.toString(true));
    return { access, url, origin: frameOriginOf(url) };
  }

  /** A new document (first open, or the daemon moved to another origin). */
  async #render(): Promise<void> {
    let r: Reachable;
    try {
      r = await this.#reach();
    } catch (err) {
      if (this.isDisposed) return;
      const message = errorMessage(err);
      this.#log.warn(`desktop ${this.user}: ${message}`);
      this.panel.webview.html = desktopErrorHtml(this.panel.webview, this.#assets, `The desktop of ${this.user} is not reachable: ${message}`);
      this.#schedule();
      return;
    }
    if (this.isDisposed) return;
    this.#origin = r.origin;
    this.#pendingUrl = r.url;
    this.panel.title = `Desktop · ${r.access.user}`;
    this.panel.webview.html = desktopHtml(this.panel.webview, this.#assets, {
      frameOrigin: r.origin,
      // The user as asked (`me`): the serializer reopens the same thing.
      user: this.user,
      viewOnly: this.#viewOnly,
      title: `Desktop · ${r.access.user}`,
    });
  }

  async #onRawMessage(raw: unknown): Promise<void> {
    const parsed = DesktopWebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.#log.warn(`desktop ${this.user}: refused a webview message (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
      return;
    }
    await this.#onMessage(parsed.data);
  }

  #post(message: DesktopHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  async #onMessage(m: DesktopWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.#pendingUrl) {
          this.#post({ type: 'load', url: this.#pendingUrl });
          this.#pendingUrl = null;
        } else {
          // The webview was rebuilt (shown again after hiding): its old ticket is spent.
          await this.#reconnect(true);
        }
        return;
      case 'pageState':
        this.#state = m.state;
        if (m.state === 'connected') {
          this.#attempt = 0;
          void this.#pushClipboard(false);
        } else if (m.state === 'disconnected' || m.state === 'failed') {
          this.#log.info(`desktop ${this.user}: ${m.state}${m.detail ? ` (${m.detail})` : ''}; reconnecting`);
          this.#schedule();
        }
        return;
      case 'pageClipboard':
        this.#lastClipboard = m.text;
        await vscode.env.clipboard.writeText(m.text);
        return;
      case 'viewOnly':
        this.#viewOnly = m.value;
        return;
      case 'paste':
        await this.#pushClipboard(true);
        return;
      case 'reconnect':
        this.#attempt = 0;
        await this.#reconnect(false);
        return;
    }
  }

  #schedule(): void {
    if (this.#timer || this.isDisposed) return;
    const delay = reconnectDelayMs(this.#attempt++);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // A hidden webview is gone; it asks for a fresh URL itself when shown again.
      if (this.panel.visible) void this.#reconnect(false);
    }, delay);
  }

  /** A fresh ticket: a new document if the daemon's origin changed, else `connect` (or `load`). */
  async #reconnect(load: boolean): Promise<void> {
    if (this.isDisposed) return;
    if (this.#origin === null) return this.#render();
    let r: Reachable;
    try {
      r = await this.#reach();
    } catch (err) {
      if (this.isDisposed) return;
      this.#post({ type: 'status', state: 'failed', detail: errorMessage(err) });
      this.#schedule();
      return;
    }
    if (this.isDisposed) return;
    if (r.origin !== this.#origin) return this.#render();
    this.#post(load ? { type: 'load', url: r.url } : { type: 'connect', ticket: r.access.ticket });
  }

  /**
   * VS Code's clipboard → the desktop's, when it changed since the last exchange (or on request).
   * In a browser (code-server, vscode.dev) reading the clipboard needs the user's permission and
   * fails with a notification when unasked, so there it happens only on the Paste button.
   */
  async #pushClipboard(always: boolean): Promise<void> {
    if (!always && vscode.env.uiKind !== vscode.UIKind.Desktop) return;
    const text = await vscode.env.clipboard.readText();
    if (!text || (!always && text === this.#lastClipboard)) return;
    this.#lastClipboard = text;
    this.#post({ type: 'clipboard', text });
  }
}
