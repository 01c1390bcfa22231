// The desktop webview in a real Chromium: the document the extension writes (desktopHtml, its CSP
// enforced by the browser) with the bundle built from webview-ui/desktop, a fake host standing in
// for VS Code, and a fake noVNC page on its own origin in the iframe, speaking the daemon page's
// postMessage protocol. What the toolbar shows, and what crosses each way: state, tickets,
// view-only and the clipboard. The real page and a real VS Code: test/vscode/ui/desktopFlow.e2e.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { desktopHtml } from '../../extension/desktop/desktopHtml.js';
import { ROOT } from '../support/daemonHarness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEBVIEW = 'http://webview.test';
const DESKTOP = 'http://desktop.test';

/** The noVNC page's side of the protocol (daemon/http/desktopPage.ts), recording what it is told. */
const FAKE_PAGE = `<!doctype html><html><body><script>
  window.__received = [];
  window.__post = (m) => parent.postMessage({ source: 'switchboard-desktop', ...m }, '*');
  window.addEventListener('message', (e) => window.__received.push(e.data));
  window.__post({ type: 'state', state: 'connected', detail: null });
</script></body></html>`;

/** VS Code's webview API, recording what the document posts and saves (a string: run as it is). */
const FAKE_HOST = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });`;

describe('desktop webview in Chromium', function () {
  this.timeout(60_000);
  let tmp: string;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const posted = (type: string) => page.evaluate((t) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t), type);
  const fromHost = (m: unknown) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const desktopFrame = (): Frame => {
    const f = page.frames().find((x) => x.url().startsWith(DESKTOP));
    assert.ok(f, 'the iframe shows the desktop page');
    return f;
  };
  /** Waits until the fake page has been told something matching `m`. */
  const pageReceives = (m: Record<string, unknown>) =>
    desktopFrame().waitForFunction(
      (want) => (window as unknown as { __received: Record<string, unknown>[] }).__received.some((r) => Object.entries(want).every(([k, v]) => r[k] === v)),
      m,
    );

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'desktop-preview-'));
    // The same options as the extension's bundle of this entry, into a directory of our own.
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'webview-ui', 'desktop', 'main.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      outfile: path.join(tmp, 'bundle', 'desktop.js'),
      logLevel: 'warning',
    });
    const document = desktopHtml(
      { cspSource: WEBVIEW, asWebviewUri: (file: string) => `${WEBVIEW}/${file}` },
      { script: 'desktop.js', style: 'desktop.css' },
      { frameOrigin: DESKTOP, user: 'me', viewOnly: false, title: 'Desktop · me' },
    );
    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    await context.route(`${WEBVIEW}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === 'panel.html') return route.fulfill({ status: 200, contentType: 'text/html', body: document });
      const file = path.join(tmp, 'bundle', path.basename(name));
      if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      await route.fulfill({ status: 200, contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(file) });
    });
    await context.route(`${DESKTOP}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: FAKE_PAGE }));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript(FAKE_HOST);
  });

  after(async () => {
    await context?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('says ready, loads the page the host names and shows it connected; the page learns the view-only choice', async () => {
    await page.goto(`${WEBVIEW}/panel.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    assert.equal(await page.locator('#state').getAttribute('data-state'), 'connecting');
    await fromHost({ type: 'load', url: `${DESKTOP}/desktop/view?ticket=T1` });
    await page.locator('#state[data-state="connected"]').waitFor();
    assert.equal(await page.locator('#state').innerText(), 'connected');
    await pageReceives({ type: 'viewOnly', value: false });
    assert.deepEqual(await posted('pageState'), [{ type: 'pageState', state: 'connected', detail: null }]);
  });

  it('relays the clipboard both ways and a fresh ticket to the page', async () => {
    await fromHost({ type: 'clipboard', text: 'from VS Code' });
    await pageReceives({ type: 'clipboard', text: 'from VS Code' });
    await desktopFrame().evaluate(() => (window as unknown as { __post(m: unknown): void }).__post({ type: 'clipboard', text: 'from the desktop' }));
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'pageClipboard'));
    assert.deepEqual(await posted('pageClipboard'), [{ type: 'pageClipboard', text: 'from the desktop' }]);
    await fromHost({ type: 'connect', ticket: 'T2' });
    await pageReceives({ type: 'connect', ticket: 'T2' });
  });

  it('the toolbar: view-only goes to the page and the host and is kept; paste and reconnect ask the host', async () => {
    await page.locator('#viewOnly').check();
    await pageReceives({ type: 'viewOnly', value: true });
    assert.deepEqual(await posted('viewOnly'), [{ type: 'viewOnly', value: true }]);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __state: unknown }).__state), { user: 'me', viewOnly: true });
    assert.equal(await page.locator('body').getAttribute('data-view-only'), 'true');
    await page.locator('#paste').click();
    await page.locator('#reconnect').click();
    assert.equal((await posted('paste')).length, 1);
    assert.equal((await posted('reconnect')).length, 1);
  });

  it('shows what the page and the host report: a drop, then the host\'s own failure', async () => {
    await desktopFrame().evaluate(() => (window as unknown as { __post(m: unknown): void }).__post({ type: 'state', state: 'disconnected', detail: null }));
    await page.locator('#state[data-state="disconnected"]').waitFor();
    await fromHost({ type: 'status', state: 'failed', detail: 'the daemon is not running' });
    await page.locator('#state[data-state="failed"]').waitFor();
    assert.equal(await page.locator('#state').innerText(), 'failed: the daemon is not running');
    assert.deepEqual(errors, [], 'no script error and no CSP violation reported');
  });
});
