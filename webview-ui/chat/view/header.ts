// The panel header: session title, its state as a badge (the selector UI tests read), what the
// session runs (agent · action · branch · isolation), a loud line when nothing confines the agent,
// why it waits, and whether the daemon is reachable.
import { HALTED_STATES } from '../../../daemon/protocol/sessionStates.js';
import type { ChatModel } from '../chatTypes.js';
import type { ConnectionState } from '../messages.js';
import { h, icon } from './dom.js';

const STATE_ICONS: Record<string, string> = {
  queued: 'watch',
  created: 'circle-large',
  running: 'loading codicon-modifier-spin',
  waiting_for_user: 'bell',
  completed: 'pass',
  failed: 'error',
  stopped: 'debug-stop',
  archived: 'archive',
  deleted: 'trash',
};

export class Header {
  readonly #title = h('span', { id: 'session-title' }, 'Loading session…');
  readonly #state = h('span', { id: 'session-state', class: 'state-badge', 'data-state': 'unknown' });
  readonly #meta = h('div', { id: 'session-meta', class: 'muted' });
  readonly #unsandboxed = h('div', { id: 'session-unsandboxed', class: 'warning', role: 'alert', hidden: true });
  readonly #detail = h('div', { id: 'session-detail', hidden: true });
  readonly #connection = h('div', { id: 'connection', hidden: true, role: 'status' });
  readonly element = h(
    'header',
    { id: 'header' },
    h('div', { class: 'title-row' }, icon('hubot'), this.#title, this.#state),
    this.#meta,
    this.#unsandboxed,
    this.#detail,
    this.#connection,
  );
  #key = '';

  render(model: ChatModel, connection: ConnectionState, sessionId: string): void {
    const s = model.session;
    const status = model.status;
    const key = JSON.stringify([s?.title, s?.agent, s?.action, s?.branch, s?.isolation, status, connection]);
    if (key === this.#key) return;
    this.#key = key;

    this.#title.textContent = s ? s.title : `Session ${sessionId.slice(0, 8)}`;
    this.#title.title = s?.prompt ?? '';
    const state = status?.state ?? 'unknown';
    this.#state.dataset.state = state;
    this.#state.dataset.reason = status?.reason ?? '';
    this.#state.replaceChildren(icon(STATE_ICONS[state] ?? 'question'), ` ${stateWords(state, status?.reason ?? null)}`);
    const confined = s?.isolation && s.isolation.kind !== 'none' ? (s.isolation.kind === 'bwrap' ? 'sandboxed' : 'in a container') : null;
    this.#meta.textContent = s ? [s.agent, s.action, s.branch ?? (s.readOnly ? 'read-only' : null), confined].filter(Boolean).join(' · ') : '';
    this.#meta.title = s?.isolation?.detail ?? '';
    const unsandboxed = s?.isolation?.kind === 'none' ? s.isolation.detail : null;
    this.#unsandboxed.hidden = !unsandboxed;
    this.#unsandboxed.replaceChildren(...(unsandboxed ? [icon('warning'), ` ${unsandboxed}`] : []));

    const detail = status && HALTED_STATES.includes(status.state) ? status.detail : null;
    this.#detail.hidden = !detail;
    this.#detail.textContent = detail ?? '';

    this.#connection.hidden = connection === 'live';
    this.#connection.dataset.connection = connection;
    this.#connection.replaceChildren(
      icon(connection === 'down' ? 'debug-disconnect' : 'loading codicon-modifier-spin'),
      connection === 'down' ? ' The Switchboard daemon is not reachable; the extension is restarting it.' : ' Connecting to the daemon…',
    );
  }
}

/** The badge's words: the state, or what a fleet reason (issue 11) says about it. */
function stateWords(state: string, reason: string | null): string {
  if (reason === 'setting_up' && (state === 'created' || state === 'running')) return 'setting up';
  if (state === 'waiting_for_user') return reason === 'crash_loop' ? 'crash loop' : reason === 'stalled' ? 'stalled' : 'waiting for you';
  if (state === 'failed' && reason === 'setup_failed') return 'setup failed';
  return state;
}
