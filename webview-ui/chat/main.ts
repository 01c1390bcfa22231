// The chat webview's entry: handshake with the host, feed host events into the model, draw it,
// and turn clicks into typed requests. Bundled to dist/webview/chat.js (browser, iife).
//
// The handshake: on load the document sends `ready {clientId, lastSeq}`; until an `init` with
// its own clientId arrives it ignores everything, because posts the host made for a previous
// load of this webview (before a hide or reload) may still be in flight. After `init`, the host
// sends history and then live events in seq order, and the model drops any seq it already has.
import './chat.css';
import { z } from 'zod';
import type { ElicitationContent } from '../../daemon/protocol/elicitationEntities.js';
import { applyEvents, createChatModel, setSession } from './chatModel.js';
import { HostMessageSchema, type ConnectionState, type HostMessage, type WebviewRequest } from './messages.js';
import { loadUiState, vscodeApi, type UiState } from './uiState.js';
import { NO_FLEET, type FleetFacts } from './fleetInfo.js';
import { AuthBanner } from './view/authBanner.js';
import { Composer } from './view/composer.js';
import { h, icon } from './view/dom.js';
import { FleetBar } from './view/fleetBar.js';
import { Header } from './view/header.js';
import { SettingsBar } from './view/settingsBar.js';
import { Timeline } from './view/timeline.js';
import type { ViewContext } from './view/viewContext.js';

type RequestBody = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, 'id'> : never) : never;

// The CSP forbids eval: tell zod up front instead of letting it probe `new Function` (a CSP report).
z.config({ jitless: true });

const api = vscodeApi();
const sessionId = document.body.dataset.sessionId ?? '';
let ui: UiState = loadUiState(api.getState(), sessionId);
let model = createChatModel();
let clientId = newClientId();
let initialized = false;
let historyDone = false;
let connection: ConnectionState = 'connecting';
/** The session's queue position, ports and setup, as the host's Sessions tree knows them. */
let fleet: FleetFacts = NO_FLEET;
let nextRequestId = 1;
const pending = new Map<number, (answer: Answer) => void>();
const answering = new Map<string, string>();
const answerErrors = new Map<string, string>();
const sentForms = new Map<string, ElicitationContent>();

interface Answer {
  error: string | null;
  note: string | null;
}

const header = new Header();
const settings = new SettingsBar({ setConfig: (change) => requestAnswer({ type: 'setConfig', change }) });
const auth = new AuthBanner(() => request({ type: 'login' }));
const fleetBar = new FleetBar({ openPort: (port) => void request({ type: 'openPort', port }).then(showBanner) });
const list = h('div', { id: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
const queued = h('div', { id: 'queued', hidden: true });
const banner = h('div', { id: 'banner', hidden: true, role: 'alert' });
const scroller = h('main', { id: 'scroller' }, list, queued);
const timeline = new Timeline(list, queued);
const composer = new Composer(
  {
    send: (text) => request({ type: 'followup', text }),
    cancel: () => request({ type: 'cancel' }),
    draftChanged: (draft) => saveState({ draft }),
  },
  ui.draft,
);
const ctx: ViewContext = {
  get model() {
    return model;
  },
  get ui() {
    return ui;
  },
  answering,
  answerErrors,
  sentForms,
  actions: {
    answerPermission: (requestId, optionId) => void answer(requestId, optionId),
    answerElicitation: (requestId, action, content) => void answerForm(requestId, action, content),
    openFile: (path, line) => void request({ type: 'openFile', path, line }).then(showBanner),
    setExpanded: (itemId, open) => saveState({ expanded: { ...ui.expanded, [itemId]: open } }),
  },
};

header.element.append(fleetBar.element, settings.element);
document.body.replaceChildren(header.element, auth.element, banner, scroller, composer.element);
scroller.addEventListener('scroll', () => saveState({ scrollTop: scroller.scrollTop, atBottom: isAtBottom() }), { passive: true });
window.addEventListener('message', (e: MessageEvent<unknown>) => onHostMessage(e.data));
renderNow();
api.postMessage({ type: 'ready', clientId, lastSeq: model.lastSeq });

function onHostMessage(data: unknown): void {
  const parsed = HostMessageSchema.safeParse(data);
  if (!parsed.success) {
    console.warn('switchboard chat: ignored a malformed message from the host');
    return;
  }
  const msg: HostMessage = parsed.data;
  if (msg.type === 'init') {
    if (msg.clientId !== clientId) return;
    initialized = true;
    connection = msg.connection;
    if (msg.session) setSession(model, msg.session);
    scheduleRender();
    return;
  }
  if (!initialized) return;
  switch (msg.type) {
    case 'events':
      if (applyEvents(model, msg.events) > 0) {
        for (const id of [...answering.keys()]) if (!isPendingRequest(id)) answering.delete(id);
      }
      scheduleRender();
      return;
    case 'live':
      historyDone = true;
      scheduleRender();
      return;
    case 'state':
      connection = msg.connection;
      if (msg.session) setSession(model, msg.session);
      scheduleRender();
      return;
    case 'fleet':
      fleet = { queuePosition: msg.queuePosition, ports: msg.ports, setup: msg.setup };
      scheduleRender();
      return;
    case 'result':
      pending.get(msg.id)?.({ error: msg.ok ? null : (msg.message ?? 'the request failed'), note: msg.note ?? null });
      pending.delete(msg.id);
      return;
    case 'error':
      showBanner(msg.message);
      return;
    case 'reset':
      restart();
      return;
  }
}

/** The daemon's log was replaced: start over as a fresh document would. */
function restart(): void {
  model = createChatModel();
  clientId = newClientId();
  initialized = false;
  historyDone = false;
  answering.clear();
  answerErrors.clear();
  sentForms.clear();
  timeline.reset();
  for (const resolve of pending.values()) resolve({ error: 'the daemon was replaced; try again', note: null });
  pending.clear();
  renderNow();
  api.postMessage({ type: 'ready', clientId, lastSeq: 0 });
}

function requestAnswer(body: RequestBody): Promise<Answer> {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    api.postMessage({ ...body, id } as WebviewRequest);
  });
}

/** Null when the host did it, else its error in words. */
async function request(body: RequestBody): Promise<string | null> {
  return (await requestAnswer(body)).error;
}

async function answer(requestId: string, optionId: string): Promise<void> {
  if (answering.has(requestId)) return;
  answering.set(requestId, optionId);
  answerErrors.delete(requestId);
  timeline.redraw(`perm:${requestId}`, ctx);
  const error = await request({ type: 'answerPermission', requestId, optionId });
  // On success the card changes when `permission.answered` arrives; until then it says "Sending…".
  if (error !== null) {
    answering.delete(requestId);
    answerErrors.set(requestId, error);
  }
  timeline.redraw(`perm:${requestId}`, ctx);
}

async function answerForm(requestId: string, action: 'accept' | 'decline' | 'cancel', content: ElicitationContent | undefined): Promise<void> {
  if (answering.has(requestId)) return;
  answering.set(requestId, action);
  answerErrors.delete(requestId);
  if (content) sentForms.set(requestId, content);
  timeline.redraw(`elicit:${requestId}`, ctx);
  const error = await request({ type: 'answerElicitation', requestId, action, ...(content ? { content } : {}) });
  // On success the card changes when `elicitation.answered` arrives.
  if (error !== null) {
    answering.delete(requestId);
    sentForms.delete(requestId);
    answerErrors.set(requestId, error);
  }
  timeline.redraw(`elicit:${requestId}`, ctx);
}

/** A permission or elicitation still waiting for its answer to be confirmed by an event. */
function isPendingRequest(requestId: string): boolean {
  for (const id of [`perm:${requestId}`, `elicit:${requestId}`]) {
    const at = model.index[id];
    const item = at === undefined ? undefined : model.items[at];
    if ((item?.kind === 'permission' || item?.kind === 'elicitation') && item.status === 'pending') return true;
  }
  return false;
}

let frame = 0;
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderNow();
  });
}

let scrollRestored = false;
function renderNow(): void {
  const follow = ui.atBottom;
  header.render(model, connection, sessionId);
  fleetBar.render(fleet, model.status?.state);
  settings.render(model);
  auth.render(model);
  timeline.render(ctx);
  composer.render(model);
  document.body.dataset.state = model.status?.state ?? 'unknown';
  document.body.dataset.history = historyDone ? 'done' : 'loading';
  if (follow) scroller.scrollTop = scroller.scrollHeight;
  else if (!scrollRestored && historyDone) {
    // Back where the user was reading before the reload, once the history under it is drawn.
    scroller.scrollTop = ui.scrollTop;
    scrollRestored = true;
  }
  saveState({});
}

function isAtBottom(): boolean {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveState(patch: Partial<UiState>): void {
  ui = { ...ui, ...patch };
  // setState serializes the whole object: coalesce bursts (scrolling, typing).
  if (saveTimer !== undefined) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    api.setState({ ...ui, lastSeq: model.lastSeq });
  }, 150);
}

function showBanner(message: string | null): void {
  banner.hidden = message === null;
  if (message === null) return;
  const close = h('button', { type: 'button', class: 'icon-button', title: 'Dismiss', 'aria-label': 'Dismiss' }, icon('close'));
  close.addEventListener('click', () => showBanner(null));
  banner.replaceChildren(icon('error'), h('span', {}, ` ${message}`), close);
}

function newClientId(): string {
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (the static preview).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
