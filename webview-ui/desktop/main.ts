// The desktop webview's entry: binds the relay (desktopRelay.ts) to the document the host wrote
// (extension/desktop/desktopHtml.ts: the toolbar, the iframe, `data-*` on the body) and to
// `acquireVsCodeApi()`. Bundled to dist/webview/desktop.js (browser, iife).
import './desktop.css';
import { z } from 'zod';
import { DesktopRelay } from './desktopRelay.js';
import type { DesktopUiState, DesktopWebviewMessage } from './messages.js';

interface VsCodeApi {
  postMessage(message: DesktopWebviewMessage): void;
  getState(): unknown;
  setState(state: DesktopUiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// The CSP forbids eval: tell zod up front instead of letting it probe `new Function` (a CSP report).
z.config({ jitless: true });

function element<T extends HTMLElement>(id: string, kind: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof kind)) throw new Error(`the desktop document has no ${kind.name} #${id}`);
  return el;
}

const frame = element('desktop', HTMLIFrameElement);
const stateEl = element('state', HTMLElement);
const viewOnlyBox = element('viewOnly', HTMLInputElement);
const vscode = acquireVsCodeApi();
const { origin = '', user = '', viewOnly = 'false' } = document.body.dataset;

const relay = new DesktopRelay({ origin, user, viewOnly: viewOnly === 'true' }, vscode.getState(), {
  toHost: (m) => vscode.postMessage(m),
  // Nothing to tell before a page is loaded (its own URL carries the first ticket).
  toPage: (m) => {
    if (frame.contentWindow && frame.getAttribute('src')) frame.contentWindow.postMessage(m, origin);
  },
  load: (url) => {
    frame.src = url;
  },
  show: (state, detail) => {
    stateEl.dataset.state = state;
    stateEl.textContent = detail ? `${state}: ${detail}` : state;
  },
  showViewOnly: (value) => {
    viewOnlyBox.checked = value;
    document.body.dataset.viewOnly = String(value);
  },
  saveState: (s) => vscode.setState(s),
});

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (e.source === frame.contentWindow) relay.fromPage(e.data, e.origin);
  else relay.fromHost(e.data);
});
viewOnlyBox.addEventListener('change', () => relay.setViewOnly(viewOnlyBox.checked));
element('paste', HTMLButtonElement).addEventListener('click', () => relay.paste());
element('reconnect', HTMLButtonElement).addEventListener('click', () => relay.reconnect());
relay.start();
