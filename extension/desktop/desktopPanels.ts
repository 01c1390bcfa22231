// The window's desktop panels, one per user, restored after a window reload by a serializer that
// reads the user (and the view-only choice) the webview keeps in its state. package.json declares
// `onWebviewPanel:switchboard.desktop` so VS Code activates the extension to restore them.
import * as vscode from 'vscode';
import { SavedDesktopUiStateSchema } from '../../webview-ui/desktop/messages.js';
import type { DaemonConnection } from '../daemonConnection.js';
import { errorMessage, type Logger } from '../util/logger.js';
import { DesktopPanel, type DesktopAssets } from './desktopPanel.js';

export const DESKTOP_VIEW_TYPE = 'switchboard.desktop';
/** `me`: the daemon's own user, as the desktop route spells it. */
export const OWN_USER = 'me';

export class DesktopPanels implements vscode.Disposable {
  readonly #panels = new Map<string, DesktopPanel>();
  readonly #subscriptions: vscode.Disposable[] = [];
  readonly #assets: DesktopAssets;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connection: DaemonConnection,
    private readonly log: Logger,
  ) {
    this.#assets = desktopAssets(extensionUri);
    this.#subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(DESKTOP_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.#restore(panel, state),
      }),
    );
  }

  /** Shows the user's desktop, opening a panel if this window has none. */
  open(user = OWN_USER): DesktopPanel {
    const existing = this.#panels.get(user);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DESKTOP_VIEW_TYPE, `Desktop · ${user}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: this.#assets.roots,
    });
    return this.#adopt(panel, user, false);
  }

  dispose(): void {
    for (const p of [...this.#panels.values()]) p.dispose();
    this.#panels.clear();
    for (const d of this.#subscriptions.splice(0)) d.dispose();
  }

  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    const s = SavedDesktopUiStateSchema.parse(state ?? {});
    const user = s.user ?? OWN_USER;
    if (this.#panels.has(user)) {
      panel.dispose();
      return;
    }
    this.#adopt(panel, user, s.viewOnly === true);
  }

  #adopt(panel: vscode.WebviewPanel, user: string, viewOnly: boolean): DesktopPanel {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'switchboard.svg');
    try {
      const dp = new DesktopPanel(panel, user, viewOnly, this.connection, this.#assets, this.log);
      this.#panels.set(user, dp);
      dp.onDidDispose(() => {
        if (this.#panels.get(user) === dp) this.#panels.delete(user);
      });
      return dp;
    } catch (err) {
      this.log.error(`desktop ${user}: could not open the panel: ${errorMessage(err)}`);
      panel.dispose();
      throw err;
    }
  }
}

/** The webview's bundle, built into dist/webview by esbuild.mjs (webview-ui/desktop/). */
function desktopAssets(extensionUri: vscode.Uri): DesktopAssets {
  const bundle = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  return { roots: [bundle], script: vscode.Uri.joinPath(bundle, 'desktop.js'), style: vscode.Uri.joinPath(bundle, 'desktop.css') };
}
