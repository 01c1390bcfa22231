// The desktop webview's logic, without the DOM: what to do with a message from the host or from
// the noVNC page, and with the toolbar's clicks. The page is trusted only from the origin the
// host named (the one the CSP lets the iframe load), and only with its own mark; everything else
// that reaches the window is treated as the host's and parsed as such.
import {
  DesktopHostMessageSchema,
  PageMessageSchema,
  SavedDesktopUiStateSchema,
  type DesktopState,
  type DesktopUiState,
  type DesktopWebviewMessage,
  type PageCommand,
} from './messages.js';

/** What the relay acts on; main.ts binds these to the DOM and `acquireVsCodeApi()`. */
export interface RelayPorts {
  toHost(message: DesktopWebviewMessage): void;
  /** To the page in the iframe, if one is loaded. */
  toPage(message: PageCommand): void;
  /** Point the iframe at a page URL. */
  load(url: string): void;
  show(state: DesktopState, detail: string | null): void;
  showViewOnly(viewOnly: boolean): void;
  saveState(state: DesktopUiState): void;
}

/** What the host wrote into the document (`data-*` on its body). */
export interface RelayInit {
  /** The page's origin: the only one whose messages are believed. */
  origin: string;
  user: string;
  viewOnly: boolean;
}

export class DesktopRelay {
  readonly #origin: string;
  readonly #ports: RelayPorts;
  readonly #state: DesktopUiState;

  /** `saved`: what `getState()` returned; the view-only choice in it outlives the document. */
  constructor(init: RelayInit, saved: unknown, ports: RelayPorts) {
    this.#origin = init.origin;
    this.#ports = ports;
    const kept = SavedDesktopUiStateSchema.parse(saved ?? {});
    this.#state = { user: init.user, viewOnly: kept.viewOnly ?? init.viewOnly };
  }

  get viewOnly(): boolean {
    return this.#state.viewOnly;
  }

  /** Draws the saved choice, remembers it, and tells the host the document is ready. */
  start(): void {
    this.#ports.saveState({ ...this.#state });
    this.#ports.showViewOnly(this.#state.viewOnly);
    this.#ports.toHost({ type: 'ready' });
  }

  /** A message from the iframe's window, sent from `origin`. */
  fromPage(data: unknown, origin: string): void {
    if (origin !== this.#origin) return;
    const parsed = PageMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.type === 'state') {
      const detail = m.detail ?? null;
      this.#ports.show(m.state, detail);
      // A fresh connection starts interactive: tell it the person's choice.
      if (m.state === 'connected') this.#ports.toPage({ type: 'viewOnly', value: this.#state.viewOnly });
      this.#ports.toHost({ type: 'pageState', state: m.state, detail });
    } else {
      this.#ports.toHost({ type: 'pageClipboard', text: m.text });
    }
  }

  /** A message from anything but the iframe: only the host's messages parse. */
  fromHost(data: unknown): void {
    const parsed = DesktopHostMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const m = parsed.data;
    switch (m.type) {
      case 'load':
        this.#ports.show('connecting', null);
        this.#ports.load(m.url);
        return;
      case 'connect':
        this.#ports.show('connecting', null);
        this.#ports.toPage({ type: 'connect', ticket: m.ticket });
        return;
      case 'clipboard':
        this.#ports.toPage({ type: 'clipboard', text: m.text });
        return;
      case 'status':
        this.#ports.show(m.state, m.detail ?? null);
        return;
    }
  }

  setViewOnly(viewOnly: boolean): void {
    this.#state.viewOnly = viewOnly;
    this.#ports.showViewOnly(viewOnly);
    this.#ports.saveState({ ...this.#state });
    this.#ports.toPage({ type: 'viewOnly', value: viewOnly });
    this.#ports.toHost({ type: 'viewOnly', value: viewOnly });
  }

  paste(): void {
    this.#ports.toHost({ type: 'paste' });
  }

  reconnect(): void {
    this.#ports.toHost({ type: 'reconnect' });
  }
}
