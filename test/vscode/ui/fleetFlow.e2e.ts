// A fleet of sessions in a real VS Code (code-server) in Chromium (issue 11), as a person sees
// it: `switchboard.maxAgents` set to 1 in the Settings editor reaches the running daemon at once;
// a session of a project whose `.switchboard/config.json` sets up with `sleep 15` and leases two
// ports shows "setting up: sleep 15 — N s" ticking in the tree and in its chat header; two more
// sessions wait as `queued #1` and `queued #2` (the chat header of one says so); the first
// session's ports are in its tooltip and its chat header, and a port link opens the page its
// server answers in the Simple Browser; raising the cap lets the queue drain. Runs after the other
// flows on the same code-server and daemon, or alone (`npm run test:vscode ui fleetFlow`).
// Screenshots go to $SB_ARTIFACTS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { cli, launchChromium, log, openSwitchboard, runCommand, shot } from './workbench.js';

interface SessionJson {
  id: string;
  shortId: string;
  state: string;
  ports?: { port: number; name: string | null }[] | null;
}

/** Long enough to see the clock tick in the tree and then in the chat header. */
const SETUP = 'sleep 15';
const HOLDER = 'slow 150 200';
const QUEUED = ['fleet queued first', 'fleet queued second'];
const PAGE_TEXT = 'Hello from the session dev server';

function treeRow(page: Page, title: string, description?: RegExp): Locator {
  const rows = page.locator('.pane-body .monaco-list-row').filter({ hasText: title });
  return description ? rows.filter({ hasText: description }) : rows;
}

/** Polls a CLI answer until `ok` holds (the daemon's state, not a fixed sleep). */
async function untilCli<T>(what: string, read: () => T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const admission = () => JSON.parse(cli('admission', '--json')) as { maxAgents: number; running: string[]; queue: { sessionId: string; position: number }[] };
const session = (id: string) => JSON.parse(cli('sessions', 'show', id, '--json')) as SessionJson;

/** A project whose config sets up with `sleep 15` and leases two ports, the first named `web`. */
function fleetProject(): string {
  const repo = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'sb-fleet-'))), 'fleet-app');
  mkdirSync(path.join(repo, '.switchboard'), { recursive: true });
  writeFileSync(path.join(repo, 'README.md'), '# fleet\n');
  writeFileSync(path.join(repo, '.switchboard', 'config.json'), `${JSON.stringify({ setup: [SETUP], ports: { count: 2, names: ['web'] } }, null, 2)}\n`);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Switchboard Test', '-c', 'user.email=test@switchboard.invalid', 'commit', '-q', '-m', 'init');
  const added = JSON.parse(cli('projects', 'add', repo, '--slug', 'fleet-ui', '--json')) as { project: { slug: string } };
  return added.project.slug;
}

function send(slug: string, prompt: string): SessionJson {
  const sent = JSON.parse(cli('send', 'demo', 'implement', slug, '--prompt', prompt, '--policy', 'allow-all', '--json')) as { session: SessionJson };
  return sent.session;
}

/** `switchboard.maxAgents` typed into the Settings editor (its Remote tab: the setting is machine-scoped), as a person changes it. */
async function setMaxAgentsInSettings(page: Page, value: string): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings');
  // The search box is a small Monaco editor: click it and type, as a person does.
  const search = page.locator('.settings-editor .suggest-input-container').first();
  await search.waitFor({ timeout: 30_000 });
  await search.click();
  await page.keyboard.type('switchboard.maxAgents');
  // A machine-scoped setting of a workspace extension lives in the remote (code-server) settings.
  await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: /^Remote/ }).first().click();
  const item = page.locator('.settings-editor .setting-item', { hasText: 'Max Agents' }).first();
  await item.waitFor({ timeout: 30_000 });
  const input = item.locator('input').first();
  await input.fill(value);
  await input.press('Tab');
  await shot(page, 'fleet-0-max-agents-setting.png');
}

/** Opens a session's chat from its tree row; the chat of the active editor is the one returned. */
async function openChat(page: Page, row: Locator): Promise<FrameLocator> {
  await runCommand(page, 'View: Close All Editors');
  await row.first().click();
  const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await chat.locator('body[data-history="done"]').waitFor({ timeout: 60_000 });
  return chat;
}

/** A tiny HTTP server on the session's `web` port: what its dev server would be. */
function serveOn(port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>fleet</title><h1 id="fleet-page">${PAGE_TEXT} on port ${port}</h1>`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * A session of the project that sets up with `sleep 15`, then two more while the one slot is
 * taken: the tree shows the first setting up with its clock ticking, the others `queued #1`, `#2`.
 */
async function settingUpAndQueued(page: Page, slug: string): Promise<SessionJson[]> {
  log(`a session of a project that sets up with "${SETUP}" and leases ports: the tree shows its setup clock`);
  const holder = send(slug, HOLDER);
  await treeRow(page, HOLDER, /setting up: sleep 15 — [0-4] s/).first().waitFor({ timeout: 30_000 });
  log('two more sessions while the only slot is taken: queued #1 and #2, in the order they came');
  const queued = QUEUED.map((prompt) => send(slug, prompt));
  await untilCli('both to queue', admission, (a) => a.queue.length === 2);
  assert.deepEqual(admission().queue.map((q) => q.sessionId), queued.map((q) => q.id));
  await treeRow(page, QUEUED[0]!, /queued #1/).first().waitFor({ timeout: 30_000 });
  await treeRow(page, QUEUED[1]!, /queued #2/).first().waitFor({ timeout: 30_000 });
  // The clock ticks by itself once a second (no events while `sleep` runs).
  await treeRow(page, HOLDER, /setting up: sleep 15 — [5-9] s/).first().waitFor({ timeout: 10_000 });
  await shot(page, 'fleet-1-setting-up-and-queued.png');
  return [holder, ...queued];
}

async function chatHeaderSetup(page: Page): Promise<FrameLocator> {
  log('the chat header of the session setting up says what runs and for how long');
  const chat = await openChat(page, treeRow(page, HOLDER));
  const line = chat.locator('#session-setup:not([hidden])', { hasText: /Setting up: sleep 15 — \d+ s/ });
  await line.waitFor({ timeout: 15_000 });
  await shot(page, 'fleet-2-chat-setting-up.png');
  return chat;
}

async function portsShown(page: Page, chat: FrameLocator, holder: SessionJson): Promise<number> {
  log('setup done, the agent runs: its ports are in the chat header (web first) and the tree tooltip');
  await treeRow(page, HOLDER, /running/).first().waitFor({ timeout: 60_000 });
  const ports = (await untilCli('the leased ports', () => session(holder.id), (s) => (s.ports?.length ?? 0) === 2)).ports!;
  const web = ports.find((p) => p.name === 'web')!;
  const links = chat.locator('#session-ports .port-link');
  await links.first().waitFor({ timeout: 15_000 });
  assert.deepEqual(await links.allInnerTexts(), [`${web.port} (web)`, String(ports.find((p) => p.name === null)!.port)]);
  await shot(page, 'fleet-3-chat-ports.png');

  const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Ports' }).first();
  // A hover shows on the mouse entering the row: come from outside it, and again if the workbench
  // was busy (another hover open, a refresh of the row under the mouse) the first time.
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(900, 450);
    await treeRow(page, HOLDER).first().hover();
    const shown = await tooltip.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    if (attempt === 4) throw new Error('the session tooltip with its ports did not show after 4 hovers');
  }
  const text = await tooltip.innerText();
  assert.match(text, new RegExp(`Ports\\s+${web.port} \\(web\\), \\d+`), text);
  assert.match(text, /Setup\s+done \(1 command\)/);
  await shot(page, 'fleet-4-tooltip-ports.png');
  await page.mouse.move(900, 450);
  return web.port;
}

async function openPortInSimpleBrowser(page: Page, chat: FrameLocator, port: number): Promise<void> {
  log('a port link in the header opens the page the session serves, in the Simple Browser');
  await chat.locator('#session-ports .port-link', { hasText: `${port} (web)` }).click();
  const deadline = Date.now() + 30_000;
  let frame: Frame | undefined;
  while (!frame && Date.now() < deadline) {
    frame = page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${port}`));
    if (!frame) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(frame, `a frame showing http://127.0.0.1:${port}`);
  await frame.locator('#fleet-page', { hasText: PAGE_TEXT }).waitFor({ timeout: 15_000 });
  await shot(page, 'fleet-5-simple-browser.png');
}

async function queuedChat(page: Page): Promise<void> {
  log('the chat of a queued session says its place in the queue');
  const chat = await openChat(page, treeRow(page, QUEUED[1]!, /queued #2/));
  await chat.locator('#session-queue:not([hidden])', { hasText: 'Queued #2 — starts when an agent slot frees' }).waitFor({ timeout: 15_000 });
  assert.equal(await chat.locator('#session-state').getAttribute('data-state'), 'queued');
  await shot(page, 'fleet-6-chat-queued.png');
}

const started = Date.now();
const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
let server: Server | null = null;
const made: string[] = [];
try {
  await openSwitchboard(page);
  log('switchboard.maxAgents = 1 in the Settings editor: the running daemon takes it at once');
  await setMaxAgentsInSettings(page, '1');
  await untilCli('the daemon to take maxAgents 1', admission, (a) => a.maxAgents === 1);
  await runCommand(page, 'View: Close All Editors');
  // Agents of earlier flows may still hold slots (idle, or waiting on a person): the flow needs the one slot for its own.
  for (const id of admission().running) cli('stop', id);
  await untilCli('no agent to hold a slot', admission, (a) => a.running.length === 0 && a.queue.length === 0, 60_000);

  const slug = fleetProject();
  const [holder, ...queued] = await settingUpAndQueued(page, slug);
  made.push(holder!.id, ...queued.map((q) => q.id));
  const chat = await chatHeaderSetup(page);
  const port = await portsShown(page, chat, holder!);
  server = await serveOn(port);
  await openPortInSimpleBrowser(page, chat, port);
  await queuedChat(page);

  log('the cap raised: the queue drains in order');
  cli('admission', '--max-agents', '4');
  await untilCli('the queue to drain', admission, (a) => a.queue.length === 0);
  await treeRow(page, QUEUED[1]!, /completed|running/).first().waitFor({ timeout: 60_000 });
  await shot(page, 'fleet-7-drained.png');
  log(`fleet end-to-end passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-fleet-failure.png').catch(() => undefined);
  throw err;
} finally {
  for (const id of made) {
    try {
      cli('stop', id);
    } catch {
      // Already ended.
    }
  }
  server?.close();
  await context.close();
}
