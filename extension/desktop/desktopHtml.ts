// The desktop panel's documents, built by the shared webview builder. The desktop: a toolbar
// (state, view-only, paste, reconnect) and an iframe for the daemon's noVNC page; the CSP allows
// frames from exactly that page's origin (as the webview reaches it) and only our bundled script
// (webview-ui/desktop/, the relay between host and page), which reads the origin, the user and the
// view-only choice from the body's `data-*`. Pure (no `vscode`): the panel passes its webview in.
import { html, webviewHtml, type WebviewTarget } from '../webviews/webviewHtml.js';

/** The desktop page's files in the extension (`vscode.Uri`s in the host, strings in tests). */
export interface DesktopResources<R> {
  script: R;
  style: R;
}

export interface DesktopPage {
  /** `scheme://host[:port]` of the noVNC page as the webview reaches it. */
  frameOrigin: string;
  user: string;
  viewOnly: boolean;
  title: string;
}

export function desktopHtml<R>(webview: WebviewTarget<R>, resources: DesktopResources<R>, page: DesktopPage, nonce?: string): string {
  return webviewHtml(
    webview,
    {
      title: page.title,
      styles: [{ resource: resources.style }],
      scripts: [resources.script],
      frameOrigins: [page.frameOrigin],
      data: { origin: page.frameOrigin, user: page.user, 'view-only': String(page.viewOnly) },
      body: html`<div id="bar">
  <span id="state" data-state="connecting">connecting…</span>
  <label title="Watch without sending keys or clicks to the desktop"><input type="checkbox" id="viewOnly"> View only</label>
  <button id="paste" title="Send VS Code's clipboard to the desktop's clipboard">Paste Clipboard</button>
  <button id="reconnect" title="Connect again with a fresh ticket">Reconnect</button>
</div>
<iframe id="desktop" title="Desktop of ${page.user}" allow="clipboard-read; clipboard-write"></iframe>`,
    },
    nonce,
  );
}

/** Shown instead of the desktop when it cannot be reached (no engine, daemon down); no script. */
export function desktopErrorHtml<R>(webview: WebviewTarget<R>, resources: DesktopResources<R>, message: string): string {
  return webviewHtml(webview, {
    title: 'Desktop unreachable',
    styles: [{ resource: resources.style }],
    scripts: [],
    data: { page: 'unreachable' },
    body: html`<p>${message}</p>
<p>Retrying; or run “Switchboard: Open Desktop” again.</p>`,
  });
}
