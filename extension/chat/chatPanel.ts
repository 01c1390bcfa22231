// The window's chat panels: one per session (createOrShow), restored after a window reload by a
// panel serializer that reads the session id the webview keeps in its state. The viewType must be
// declared in package.json `activationEvents` as `onWebviewPanel:switchboard.chat` so VS Code
// activates the extension to restore panels.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DaemonConnection } from '../daemonConnection.js';
import { errorMessage, silentLogger, type Logger } from '../util/logger.js';
import type { FleetSource } from './fleetRelay.js';
import { SessionPanel, type WebviewAssets } from './sessionPanel.js';

export const CHAT_VIEW_TYPE = 'switchboard.chat';

export class ChatPanels implements vscode.Disposable {
  readonly #panels = new Map<string, SessionPanel>();
  readonly #subscriptions: vscode.Disposable[] = [];
  readonly #connection: DaemonConnection;
  readonly #assets: WebviewAssets;
  readonly #log: Logger;
  /** The Sessions tree's model: queue positions, ports and setup progress for the headers. */
  readonly #fleet: FleetSource | undefined;

  constructor(context: vscode.ExtensionContext, connection: DaemonConnection, log: Logger = silentLogger, fleet?: FleetSource) {
    this.#connection = connection;
    this.#log = log;
    this.#fleet = fleet;
    this.#assets = webviewAssets(context.extensionUri);
    this.#subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.#restore(panel, state),
      }),
    );
  }

  /** Shows the session's panel, creating it if this window has none. */
  open(sessionId: string): void {
    const existing = this.#panels.get(sessionId);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(CHAT_VIEW_TYPE, `Session ${sessionId.slice(0, 8)}`, vscode.ViewColumn.Active, panelOptions(this.#assets));
    this.#adopt(panel, sessionId);
  }

  /** The session whose panel is the active editor tab, if any (notifications stay quiet for it). */
  focusedSessionId(): string | null {
    for (const [id, p] of this.#panels) if (p.panel.active && p.panel.visible) return id;
    return null;
  }

  dispose(): void {
    for (const p of [...this.#panels.values()]) p.dispose();
    this.#panels.clear();
    for (const d of this.#subscriptions.splice(0)) d.dispose();
  }

  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    const sessionId = (state as { sessionId?: unknown } | null)?.sessionId;
    if (typeof sessionId !== 'string' || sessionId === '' || this.#panels.has(sessionId)) {
      // Nothing to show (a panel closed before its webview saved state), or a second copy.
      panel.dispose();
      return;
    }
    this.#adopt(panel, sessionId);
  }

  #adopt(panel: vscode.WebviewPanel, sessionId: string): void {
    try {
      const sp = new SessionPanel(panel, sessionId, this.#connection, this.#assets, this.#log, this.#fleet);
      this.#panels.set(sessionId, sp);
      sp.onDidDispose(() => {
        if (this.#panels.get(sessionId) === sp) this.#panels.delete(sessionId);
      });
    } catch (err) {
      this.#log.error(`chat ${sessionId}: could not open the panel: ${errorMessage(err)}`);
      panel.dispose();
    }
  }
}

function panelOptions(assets: WebviewAssets): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // No retainContextWhenHidden: a hidden chat costs no memory; shown again, it reloads and replays.
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: assets.roots };
}

/**
 * The bundle lives in dist/webview. Codicons are served from a copy in dist/webview/codicons when
 * the build made one (a packaged extension ships no node_modules), else from the package itself.
 */
function webviewAssets(extensionUri: vscode.Uri): WebviewAssets {
  const bundle = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const copied = vscode.Uri.joinPath(bundle, 'codicons');
  const codiconsDir = existsSync(vscode.Uri.joinPath(copied, 'codicon.css').fsPath)
    ? copied
    : vscode.Uri.joinPath(extensionUri, 'node_modules', '@vscode', 'codicons', 'dist');
  return {
    roots: codiconsDir === copied ? [bundle] : [bundle, codiconsDir],
    script: vscode.Uri.joinPath(bundle, 'chat.js'),
    style: vscode.Uri.joinPath(bundle, 'chat.css'),
    codicons: vscode.Uri.joinPath(codiconsDir, 'codicon.css'),
  };
}
