// The desktop panel's document: a toolbar (state, view-only, paste, reconnect) and an iframe
// with the daemon's noVNC page. The CSP allows frames from exactly one origin (the daemon's, as
// the webview reaches it) and one inline script carrying a fresh nonce: the relay between the
// extension host and the page, which only accepts the page's messages from that origin.
// Pure (no `vscode`): the host passes strings in.
import { randomBytes } from 'node:crypto';

export interface DesktopHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `scheme://host[:port]` of the noVNC page as the webview reaches it. */
  frameOrigin: string;
  user: string;
  viewOnly: boolean;
  title: string;
}

/** What the webview keeps in `vscode.setState` (read back by the panel serializer). */
export interface DesktopWebviewState {
  user: string;
  viewOnly: boolean;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function desktopHtml(input: DesktopHtmlInput, nonce = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `frame-src ${input.frameOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const init = JSON.stringify({ origin: input.frameOrigin, user: input.user, viewOnly: input.viewOnly }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${text(input.title)}</title>
<style nonce="${attr(nonce)}">
  html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; background: #1e1e1e; }
  body { display: flex; flex-direction: column; font: var(--vscode-font-size, 12px) var(--vscode-font-family, system-ui, sans-serif); color: var(--vscode-foreground); }
  #bar { display: flex; gap: 10px; align-items: center; padding: 3px 8px; background: var(--vscode-editorWidget-background, #252526); border-bottom: 1px solid var(--vscode-panel-border, #333); flex: none; }
  #state::before { content: '●'; margin-right: 4px; color: var(--vscode-charts-yellow, #cca700); }
  #state[data-state="connected"]::before { color: var(--vscode-charts-green, #89d185); }
  #state[data-state="failed"]::before, #state[data-state="disconnected"]::before { color: var(--vscode-charts-red, #f14c4c); }
  #state { flex: 1; }
  button { background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, #fff); border: none; padding: 2px 8px; cursor: pointer; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
  label { display: flex; align-items: center; gap: 4px; cursor: pointer; }
  #desktop { flex: 1; width: 100%; border: 0; display: block; background: #000; }
</style>
</head>
<body>
<div id="bar">
  <span id="state" data-state="connecting">connecting…</span>
  <label title="Watch without sending keys or clicks to the desktop"><input type="checkbox" id="viewOnly"> View only</label>
  <button id="paste" title="Send VS Code's clipboard to the desktop's clipboard">Paste Clipboard</button>
  <button id="reconnect" title="Connect again with a fresh ticket">Reconnect</button>
</div>
<iframe id="desktop" title="Desktop of ${attr(input.user)}" allow="clipboard-read; clipboard-write"></iframe>
<script nonce="${attr(nonce)}">
(() => {
  const init = ${init};
  const vscode = acquireVsCodeApi();
  const frame = document.getElementById('desktop');
  const stateEl = document.getElementById('state');
  const viewOnlyBox = document.getElementById('viewOnly');
  const saved = vscode.getState() || {};
  const st = { user: init.user, viewOnly: typeof saved.viewOnly === 'boolean' ? saved.viewOnly : init.viewOnly };
  vscode.setState(st);
  viewOnlyBox.checked = st.viewOnly;
  document.body.dataset.viewOnly = String(st.viewOnly);

  const toPage = (m) => { if (frame.contentWindow && frame.getAttribute('src')) frame.contentWindow.postMessage(m, init.origin); };
  const show = (state, detail) => {
    stateEl.dataset.state = state;
    stateEl.textContent = detail ? state + ': ' + detail : state;
  };

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (e.source === frame.contentWindow) {
      // The noVNC page: trusted only from the daemon's origin.
      if (e.origin !== init.origin || m.source !== 'switchboard-desktop') return;
      if (m.type === 'state' && typeof m.state === 'string') {
        show(m.state, m.detail);
        if (m.state === 'connected') toPage({ type: 'viewOnly', value: st.viewOnly });
        vscode.postMessage({ type: 'pageState', state: m.state, detail: m.detail ?? null });
      } else if (m.type === 'clipboard' && typeof m.text === 'string') {
        vscode.postMessage({ type: 'pageClipboard', text: m.text });
      }
      return;
    }
    // The extension host.
    if (m.type === 'load' && typeof m.url === 'string') { show('connecting'); frame.src = m.url; }
    else if (m.type === 'connect' && typeof m.ticket === 'string') { show('connecting'); toPage({ type: 'connect', ticket: m.ticket }); }
    else if (m.type === 'clipboard' && typeof m.text === 'string') toPage({ type: 'clipboard', text: m.text });
    else if (m.type === 'status' && typeof m.state === 'string') show(m.state, m.detail);
  });

  viewOnlyBox.addEventListener('change', () => {
    st.viewOnly = viewOnlyBox.checked;
    document.body.dataset.viewOnly = String(st.viewOnly);
    vscode.setState(st);
    toPage({ type: 'viewOnly', value: st.viewOnly });
    vscode.postMessage({ type: 'viewOnly', value: st.viewOnly });
  });
  document.getElementById('paste').addEventListener('click', () => vscode.postMessage({ type: 'paste' }));
  document.getElementById('reconnect').addEventListener('click', () => vscode.postMessage({ type: 'reconnect' }));
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Shown instead of the desktop when it cannot be reached (no engine, daemon down); no script. */
export function desktopErrorHtml(message: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
</head>
<body style="font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 16px">
<p>${text(message)}</p>
<p>Retrying; or run “Switchboard: Open Desktop” again.</p>
</body>
</html>`;
}
