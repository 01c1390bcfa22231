// The noVNC client page. `@novnc/novnc` ships the library (core/, vendor/) but not its vnc.html
// app, so this is our own small page: it imports core/rfb.js (served beside it) and connects to the
// daemon's VNC WebSocket with the ticket from its own URL. Embedded in a webview's iframe it talks
// to its parent by postMessage: it reports `state` and `clipboard`, and takes `connect` (a fresh
// ticket, to reconnect), `viewOnly` and `clipboard` (paste into the desktop).

export function desktopPageHtml(nonce: string, wsOrigin: string): string {
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    // 'self' covers ws(s) to the page's own origin, which differs from `wsOrigin` behind a proxy.
    `connect-src 'self' ${wsOrigin}`,
    "img-src 'self' data: blob:",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard desktop</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">
  html, body { margin: 0; height: 100%; background: #1e1e1e; color: #ccc; font: 12px system-ui, sans-serif; overflow: hidden; }
  #screen { position: absolute; inset: 0; }
  #status { position: absolute; top: 0; right: 0; padding: 2px 8px; background: rgba(0,0,0,.6); z-index: 10; }
  body[data-state="connected"] #status { display: none; }
</style>
</head>
<body data-state="connecting">
<div id="screen"></div>
<div id="status">connecting…</div>
<script type="module" nonce="${nonce}">
import RFB from './novnc/core/rfb.js';

const params = new URLSearchParams(location.search);
const screen = document.getElementById('screen');
const status = document.getElementById('status');
let rfb = null;
let viewOnly = params.get('viewOnly') === '1' || params.get('viewOnly') === 'true';

function post(msg) {
  if (window.parent !== window) window.parent.postMessage({ source: 'switchboard-desktop', ...msg }, '*');
}
function setState(state, detail) {
  document.body.dataset.state = state;
  status.textContent = detail ? state + ': ' + detail : state;
  post({ type: 'state', state, detail: detail ?? null });
}
function connect(ticket) {
  if (rfb) { rfb.disconnect(); rfb = null; }
  if (!ticket) { setState('failed', 'no ticket: ask the daemon for a fresh desktop URL'); return; }
  // Relative to this page, so behind a path prefix (code-server's /proxy/<port>/, which VS Code's
  // asExternalUri hands the extension there) the socket goes through the same prefix.
  const ws = new URL('websockify?ticket=' + encodeURIComponent(ticket), location.href);
  ws.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = ws.toString();
  setState('connecting');
  rfb = new RFB(screen, url, { wsProtocols: ['binary'] });
  rfb.scaleViewport = true;
  rfb.viewOnly = viewOnly;
  rfb.addEventListener('connect', () => setState('connected'));
  rfb.addEventListener('disconnect', (e) => setState(e.detail.clean ? 'disconnected' : 'failed', e.detail.clean ? null : 'the connection was refused or lost'));
  rfb.addEventListener('clipboard', (e) => post({ type: 'clipboard', text: e.detail.text }));
  rfb.addEventListener('desktopname', (e) => { document.title = e.detail.name; });
  window.switchboardRfb = rfb;
}
window.addEventListener('message', (e) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'connect' && typeof m.ticket === 'string') connect(m.ticket);
  if (m.type === 'viewOnly') { viewOnly = Boolean(m.value); if (rfb) rfb.viewOnly = viewOnly; }
  if (m.type === 'clipboard' && typeof m.text === 'string' && rfb) rfb.clipboardPasteFrom(m.text);
});
connect(params.get('ticket'));
</script>
</body>
</html>
`;
}
