// The desktop webview's relay without a DOM: what it tells the host, the page and the toolbar for
// each message and click, and which messages it refuses (the page's from another origin, anything
// malformed). The same code runs in Chromium in desktopPreview.test.ts.
import assert from 'node:assert/strict';
import { DesktopRelay, type RelayPorts } from '../../webview-ui/desktop/desktopRelay.js';
import { DesktopHostMessageSchema, DesktopWebviewMessageSchema, SavedDesktopUiStateSchema } from '../../webview-ui/desktop/messages.js';

const ORIGIN = 'http://127.0.0.1:4711';

/** Every port call in order, as `[port, argument]`. */
function recorder(): { calls: [string, unknown][]; ports: RelayPorts } {
  const calls: [string, unknown][] = [];
  const port = (name: string) => (...args: unknown[]) => void calls.push([name, args.length > 1 ? args : args[0]]);
  return {
    calls,
    ports: { toHost: port('toHost'), toPage: port('toPage'), load: port('load'), show: port('show'), showViewOnly: port('showViewOnly'), saveState: port('saveState') },
  };
}

function started(saved: unknown = undefined, viewOnly = false) {
  const r = recorder();
  const relay = new DesktopRelay({ origin: ORIGIN, user: 'me', viewOnly }, saved, r.ports);
  relay.start();
  return { relay, calls: r.calls, clear: () => r.calls.splice(0) };
}

describe('desktop webview relay', () => {
  it('starts from the saved view-only choice over the document\'s, saves it, then says ready', () => {
    const { calls } = started({ user: 'me', viewOnly: true }, false);
    assert.deepEqual(calls, [
      ['saveState', { user: 'me', viewOnly: true }],
      ['showViewOnly', true],
      ['toHost', { type: 'ready' }],
    ]);
    // A state without the choice (or not a state at all) falls back to the document's.
    assert.equal(started({ user: 'me' }, true).relay.viewOnly, true);
    assert.equal(started('garbage', false).relay.viewOnly, false);
  });

  it('loads the page the host names and relays its state; on connect it tells the page the view-only choice', () => {
    const { relay, calls, clear } = started({ user: 'me', viewOnly: true });
    clear();
    relay.fromHost({ type: 'load', url: `${ORIGIN}/desktop/view?ticket=T1` });
    relay.fromPage({ source: 'switchboard-desktop', type: 'state', state: 'connected', detail: null }, ORIGIN);
    relay.fromPage({ source: 'switchboard-desktop', type: 'state', state: 'failed', detail: 'refused' }, ORIGIN);
    assert.deepEqual(calls, [
      ['show', ['connecting', null]],
      ['load', `${ORIGIN}/desktop/view?ticket=T1`],
      ['show', ['connected', null]],
      ['toPage', { type: 'viewOnly', value: true }],
      ['toHost', { type: 'pageState', state: 'connected', detail: null }],
      ['show', ['failed', 'refused']],
      ['toHost', { type: 'pageState', state: 'failed', detail: 'refused' }],
    ]);
  });

  it('passes a fresh ticket, the clipboard both ways and the host\'s own status', () => {
    const { relay, calls, clear } = started();
    clear();
    relay.fromHost({ type: 'connect', ticket: 'T2' });
    relay.fromHost({ type: 'clipboard', text: 'from VS Code' });
    relay.fromPage({ source: 'switchboard-desktop', type: 'clipboard', text: 'from the desktop' }, ORIGIN);
    relay.fromHost({ type: 'status', state: 'failed', detail: 'daemon down' });
    assert.deepEqual(calls, [
      ['show', ['connecting', null]],
      ['toPage', { type: 'connect', ticket: 'T2' }],
      ['toPage', { type: 'clipboard', text: 'from VS Code' }],
      ['toHost', { type: 'pageClipboard', text: 'from the desktop' }],
      ['show', ['failed', 'daemon down']],
    ]);
  });

  it('believes the page only from its origin and with its mark; ignores malformed host messages', () => {
    const { relay, calls, clear } = started();
    clear();
    relay.fromPage({ source: 'switchboard-desktop', type: 'clipboard', text: 'stolen?' }, 'https://evil.test');
    relay.fromPage({ type: 'state', state: 'connected' }, ORIGIN);
    relay.fromPage({ source: 'switchboard-desktop', type: 'state', state: 'pwned' }, ORIGIN);
    relay.fromPage(null, ORIGIN);
    relay.fromHost({ type: 'load', url: 'not a url' });
    relay.fromHost({ type: 'connect' });
    relay.fromHost({ type: 'pageClipboard', text: 'a page message posing as the host' });
    relay.fromHost('load');
    assert.deepEqual(calls, []);
  });

  it('the toolbar: view-only is saved and told to page and host; paste and reconnect go to the host', () => {
    const { relay, calls, clear } = started();
    clear();
    relay.setViewOnly(true);
    relay.paste();
    relay.reconnect();
    assert.deepEqual(calls, [
      ['showViewOnly', true],
      ['saveState', { user: 'me', viewOnly: true }],
      ['toPage', { type: 'viewOnly', value: true }],
      ['toHost', { type: 'viewOnly', value: true }],
      ['toHost', { type: 'paste' }],
      ['toHost', { type: 'reconnect' }],
    ]);
  });

  it('the host side parses what the relay sends, and the serializer reads a saved state field by field', () => {
    for (const m of [{ type: 'ready' }, { type: 'pageState', state: 'connected', detail: null }, { type: 'pageClipboard', text: 'x' }, { type: 'viewOnly', value: false }, { type: 'paste' }, { type: 'reconnect' }]) {
      assert.ok(DesktopWebviewMessageSchema.safeParse(m).success, m.type);
    }
    assert.equal(DesktopWebviewMessageSchema.safeParse({ type: 'pageState', state: 'connected' }).success, false, 'detail is always sent');
    assert.equal(DesktopWebviewMessageSchema.safeParse({ type: 'paste', extra: 1 }).success, false);
    assert.ok(DesktopHostMessageSchema.safeParse({ type: 'status', state: 'failed', detail: 'x' }).success);
    assert.deepEqual(SavedDesktopUiStateSchema.parse({ user: 'bob', viewOnly: 'yes' }), { user: 'bob', viewOnly: undefined });
    assert.deepEqual(SavedDesktopUiStateSchema.parse({ user: '', viewOnly: true }), { user: undefined, viewOnly: true });
    assert.deepEqual(SavedDesktopUiStateSchema.parse(42), {});
  });
});
