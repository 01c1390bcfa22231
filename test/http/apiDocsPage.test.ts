// The browsable API docs at /api/docs in a real headless Chromium: opened with a ticket from the
// real daemon, Swagger UI (served by the daemon, under the page's CSP) shows every operation of
// the route table, read-only; unknown, missing and expired tickets are refused, and a ticket is
// no API credential. Screenshots land in test-artifacts/api-docs/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { apiDocsHandlers } from '../../daemon/http/apiDocsHandlers.js';
import { ApiDocsServer } from '../../daemon/http/apiDocsServer.js';
import { API_DOCS_TICKET_TTL_MS, ApiDocsTickets } from '../../daemon/http/apiDocsTickets.js';
import { openApiDocumentOnce } from '../../daemon/http/openApiDocument.js';
import { ROUTES } from '../../daemon/protocol/routes.js';
import { CliRunner } from '../support/cliRunner.js';
import { CLI_BUNDLE, DaemonProcess, ROOT, tempDir, until } from '../support/daemonHarness.js';
import { httpRequest, startHarness, type Harness } from './harness.js';

const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'api-docs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const REQUIRE_ENV = 'SWITCHBOARD_REQUIRE_CHROMIUM';

function requireChromium(ctx: Mocha.Context): void {
  if (fs.existsSync(CHROMIUM)) return;
  const why = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env[REQUIRE_ENV] === '1') throw new Error(`${REQUIRE_ENV}=1 and ${why}`);
  console.warn(`    SKIPPED LOUDLY: ${why}`);
  ctx.skip();
}

/** The CLI bundle with extra environment variables (CliRunner takes none). */
function runCli(home: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_BUNDLE, '--home', home, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, out, err });
    });
  });
}

/** Everything the page reports as wrong (script errors, CSP refusals) and every URL it asks for. */
function watch(page: Page): { errors: string[]; requests: string[] } {
  const seen = { errors: [] as string[], requests: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('request', (r) => seen.requests.push(r.url()));
  return seen;
}

describe('API docs page in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    requireChromium(this);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  describe('served by the real daemon', () => {
    let daemon: DaemonProcess;
    const base = () => `http://127.0.0.1:${daemon.discovery.port}`;

    before(async () => {
      daemon = await DaemonProcess.start();
    });
    after(async () => {
      await daemon?.stop();
    });

    it('opens with a fresh ticket and shows every operation of the route table, read-only, under its CSP', async () => {
      const { pageUrl, expiresAt } = await daemon.client.api.apiDocsTicket();
      assert.ok(pageUrl.startsWith(`${base()}/api/docs?ticket=`), pageUrl);
      assert.ok(Date.parse(expiresAt) - Date.now() <= API_DOCS_TICKET_TTL_MS);
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const seen = watch(page);
      const res = await page.goto(pageUrl);
      assert.equal(res?.status(), 200);
      assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'none'.*connect-src 'none'/);

      const prompts = page.locator('.opblock-summary-path[data-path="/api/v1/sessions/{id}/prompts"]');
      await prompts.waitFor({ state: 'visible' });
      assert.equal(await page.locator('.opblock').count(), Object.keys(ROUTES).length, 'one block per route');
      assert.ok(await page.getByText('Agent Switchboard daemon API').first().isVisible());
      assert.ok(await page.locator('#read-only-note').getByText(`${base()}/api/v1/health`).isVisible(), 'the curl example names this daemon');
      await page.screenshot({ path: path.join(ARTIFACTS, 'api-docs-page.png') });

      // An operation opened: its request body example comes from the protocol's example, and
      // nothing offers to send the request.
      await page.locator('#operations-sessions-createSession .opblock-summary').click();
      const body = page.locator('#operations-sessions-createSession .body-param__example');
      await body.waitFor({ state: 'visible' });
      assert.match(await body.innerText(), /remember me/);
      assert.equal(await page.locator('.try-out__btn').count(), 0, 'no "Try it out"');
      assert.equal(await page.locator('.auth-wrapper .authorize').isVisible(), false, 'no "Authorize"');
      await page.locator('#operations-sessions-createSession').screenshot({ path: path.join(ARTIFACTS, 'api-docs-create-session.png') });

      assert.deepEqual(seen.errors, [], 'no script error and no CSP violation');
      assert.deepEqual(seen.requests.filter((u) => !u.startsWith(`${base()}/api/docs`) && !u.startsWith('data:')), [], 'nothing asked of any other place');
      await page.close();
    });

    it('refuses an unknown or missing ticket, and a ticket opens nothing of the API', async () => {
      const page = await browser.newPage();
      const unknown = await page.goto(`${base()}/api/docs?ticket=not-a-ticket`);
      assert.equal(unknown?.status(), 401);
      assert.match(await page.locator('body').innerText(), /unknown or expired API docs ticket/);
      const missing = await page.goto(`${base()}/api/docs`);
      assert.equal(missing?.status(), 401);
      await page.close();

      const { pageUrl } = await daemon.client.api.apiDocsTicket();
      const ticket = new URL(pageUrl).searchParams.get('ticket') ?? '';
      const api = await httpRequest(daemon.discovery.port, { path: `/api/v1/openapi.json?ticket=${encodeURIComponent(ticket)}`, token: null });
      assert.equal(api.status, 401, 'the API still wants the bearer token');
      const foreignHost = await httpRequest(daemon.discovery.port, { path: new URL(pageUrl).pathname + new URL(pageUrl).search, token: null, host: 'docs.example.com' });
      assert.equal(foreignHost.status, 403, 'the page keeps the loopback Host rule');
    });

    it('the CLI prints a URL that opens the page, hands it to $BROWSER with --open, and prints the document', async () => {
      const cli = new CliRunner(daemon.home);
      const printed = (await cli.ok('api-docs')).split('\n')[0] ?? '';
      assert.ok(printed.startsWith(`${base()}/api/docs?ticket=`), printed);
      const page = await browser.newPage();
      assert.equal((await page.goto(printed))?.status(), 200);
      await page.locator('.opblock').first().waitFor({ state: 'visible' });

      // A stand-in browser that writes down the URL it was given.
      const dir = tempDir('browser');
      const got = path.join(dir, 'url');
      const opener = path.join(dir, 'browser.sh');
      fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > '${got}.tmp' && mv '${got}.tmp' '${got}'\n`, { mode: 0o755 });
      const opened = await runCli(daemon.home, { BROWSER: opener }, 'api-docs', '--open');
      assert.equal(opened.code, 0, opened.err);
      const url = await until('the stand-in browser to be handed a URL', () => fs.existsSync(got) && fs.readFileSync(got, 'utf8'));
      assert.equal(url, opened.out.split('\n')[0]);
      assert.equal((await page.goto(url))?.status(), 200);
      await page.close();
      fs.rmSync(dir, { recursive: true, force: true });

      const doc = JSON.parse(await cli.ok('openapi')) as { openapi: string; paths: Record<string, unknown> };
      assert.equal(doc.openapi, '3.1.0');
      assert.ok('/api/v1/openapi.json' in doc.paths);
    });
  });

  describe('ticket expiry (the docs routes on a test server with a clock of its own)', () => {
    let now = Date.now();
    let harness: Harness;
    let base = '';

    before(async () => {
      const apiDocs = {
        tickets: new ApiDocsTickets(() => now),
        document: openApiDocumentOnce('0.0.0-test'),
        baseUrl: () => base,
      };
      harness = await startHarness({
        raw: new ApiDocsServer({ ...apiDocs, swaggerUiDir: path.join(ROOT, 'node_modules', 'swagger-ui-dist') }),
        handlers: apiDocsHandlers({ apiDocs }),
      });
      base = `http://127.0.0.1:${harness.port}`;
    });
    after(async () => {
      await harness?.close();
    });

    it('opens the page until the ticket expires, then refuses it', async () => {
      const issued = await httpRequest(harness.port, { method: 'POST', path: '/api/v1/api-docs/ticket', token: harness.token });
      assert.equal(issued.status, 200);
      const { pageUrl } = issued.json as { pageUrl: string };
      const page = await browser.newPage();
      assert.equal((await page.goto(pageUrl))?.status(), 200);
      await page.locator('.opblock').first().waitFor({ state: 'visible' });
      now += API_DOCS_TICKET_TTL_MS - 1;
      assert.equal((await page.goto(pageUrl))?.status(), 200, 'still good just before it expires');
      now += 1;
      const expired = await page.goto(pageUrl);
      assert.equal(expired?.status(), 401);
      assert.match(await page.locator('body').innerText(), /expired API docs ticket/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'api-docs-expired.png') });
      await page.close();
    });
  });
});
