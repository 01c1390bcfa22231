// Containers, end to end in a real VS Code (code-server) in Chromium: open the Switchboard view's
// Containers section, run "Ensure Computer" and see the computer container appear (ready), start
// an agent in a container of its own (from the CLI, as another client would) and see it listed,
// then click the computer to open the desktop panel: the daemon's noVNC page in an iframe inside
// the webview, mapped through asExternalUri (code-server's /proxy/<port>/), showing the
// container's desktop. "Non-black" is judged on the pixels of a screenshot, not on the DOM.
// Runs after sessionFlow/reviewFlow on the same code-server and daemon (scripts/testVscode.mjs).
// Without a Docker engine: fails when SWITCHBOARD_REQUIRE_DOCKER=1 (CI), else skips, loudly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { type Frame, type Page } from 'playwright-core';
import { until } from '../../support/until.js';
import { cli, launchChromium, log, openSwitchboard, runCommand, shot, STATE_DIR } from './workbench.js';

/** The daemon's HTTP API, for the clean-up only (the CLI has no "stop session"). */
async function api(method: string, route: string): Promise<void> {
  const d = JSON.parse(readFileSync(path.join(STATE_DIR, 'daemon.json'), 'utf8')) as { port: number; token: string };
  await fetch(`http://127.0.0.1:${d.port}${route}`, { method, headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, body: '{}' });
}


/** An engine with the computer image, or a loud reason there is none (fatal in CI). */
async function dockerOrSkip(docker: Docker): Promise<void> {
  const target = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  let reason: string | null = null;
  try {
    await docker.ping();
    for (const image of ['switchboard/computer', 'switchboard/agent']) {
      await docker
        .getImage(image)
        .inspect()
        .catch(() => {
          reason ??= `the image ${image} is missing; run scripts/provision-docker.sh (or "switchboard images build")`;
        });
    }
  } catch (err) {
    reason = `no Docker engine answers at ${target} (${err instanceof Error ? err.message : String(err)}); run scripts/provision-docker.sh`;
  }
  if (reason === null) return;
  if (process.env.SWITCHBOARD_REQUIRE_DOCKER === '1') throw new Error(`desktop flow: ${reason}`);
  process.stderr.write(`\n*** SKIPPING the desktop UI flow: ${reason}. Set SWITCHBOARD_REQUIRE_DOCKER=1 to make this a failure. ***\n\n`);
  process.exit(0);
}


/**
 * Polls the page (readiness, never a fixed sleep). A frame that navigates or detaches while it is
 * probed throws; that only means "not yet", so a throw counts as no answer.
 */
function waitForPage<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  return until(what, () => probe().catch(() => null), timeoutMs, 250);
}

/** Share of sampled pixels that are not (near) black in a region of a PNG, decoded by Chromium. */
async function litShare(decoder: Page, png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<{ lit: number; colors: number }> {
  return decoder.evaluate(
    async ({ b64, box }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height));
      let lit = 0;
      let n = 0;
      const colors = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) {
        n++;
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r + g + b > 60) lit++;
        colors.add((r << 16) | (g << 8) | b);
      }
      return { lit: lit / Math.max(1, n), colors: colors.size };
    },
    { b64: png.toString('base64'), box },
  );
}

const started = Date.now();
const docker = new Docker();
await dockerOrSkip(docker);

const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
let agentSession: string | null = null;
try {
  await openSwitchboard(page);

  log('expand the Containers section (collapsed by default)');
  const header = page.locator('.pane-header', { hasText: 'Containers' }).first();
  await header.waitFor({ timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const containers = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Containers' }) }).first();
  // Collapse Sessions so the Containers section gets the height.
  const sessionsHeader = page.locator('.pane-header', { hasText: 'Sessions' }).first();
  if ((await sessionsHeader.getAttribute('aria-expanded')) === 'true') await sessionsHeader.click();

  log('Build Images from the section: a progress notification follows the image.* events to the end');
  await runCommand(page, 'Switchboard: Build Images');
  // The images exist, so this is the cached Dockerfile build: seconds.
  await page.locator('.notifications-toasts .notification-toast', { hasText: /Switchboard images built in \d+ s/ }).first().waitFor({ timeout: 120_000 });
  await page.keyboard.press('Escape');

  log('Ensure Computer from the palette: the computer container appears, its desktop ready');
  await runCommand(page, 'Switchboard: Ensure Computer');
  const computerRow = containers.locator('.monaco-list-row', { hasText: 'Computer ·' }).filter({ hasText: /desktop ready/ }).first();
  await computerRow.waitFor({ timeout: 120_000 });

  log('an agent in a container of its own (demo-docker, from the CLI) is listed too');
  const projectSlug = (JSON.parse(cli('projects', 'list', '--json')) as { projects: { slug: string }[] }).projects[0]!.slug;
  const sent = JSON.parse(cli('send', 'demo-docker', 'analyze', projectSlug, '--prompt', 'hang', '--json')) as { id?: string; session?: { id: string } };
  agentSession = sent.id ?? sent.session!.id;
  await containers.locator('.monaco-list-row', { hasText: 'Agent ·' }).filter({ hasText: /running/ }).first().waitFor({ timeout: 90_000 });
  await containers.hover();
  await shot(page, 'containers-section.png');

  log('click the computer: the desktop panel opens and connects through the webview');
  await computerRow.click();
  const desktop = await waitForPage(
    'the noVNC page inside the desktop panel',
    async () => page.frames().find((f: Frame) => f.url().includes('/desktop/view?ticket=')) ?? null,
    60_000,
  );
  // Under code-server, asExternalUri maps the daemon to its /proxy/<port>/ path.
  log(`the page is at ${new globalThis.URL(desktop.url()).pathname}`);
  await desktop.waitForFunction(() => document.body.dataset.state === 'connected', null, { timeout: 60_000 });
  const frameEl = await desktop.frameElement();
  const decoder = await context.newPage();
  let last = { lit: 0, colors: 0 };
  await waitForPage(
    'the desktop to be painted in the panel',
    async () => {
      const box = await frameEl.boundingBox();
      if (!box || box.width < 200 || box.height < 200) return null;
      last = await litShare(decoder, await page.screenshot(), box);
      return last.lit > 0.5 && last.colors > 3 ? last : null;
    },
    30_000,
  );
  await shot(page, 'desktop-panel.png');
  await decoder.close();
  assert.ok(last.lit > 0.5, `most of the desktop panel is lit (${last.lit.toFixed(2)})`);

  log('view-only toggles; the panel keeps its connection');
  const outer = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await outer.locator('#viewOnly').check();
  await waitForPage('view-only to reach noVNC', async () => ((await desktop.evaluate(() => (window as unknown as { switchboardRfb?: { viewOnly: boolean } }).switchboardRfb?.viewOnly)) ? true : null), 10_000);
  await outer.locator('#viewOnly').uncheck();
  assert.equal(await outer.locator('#state').getAttribute('data-state'), 'connected');

  log('the connection drops: the panel fetches a fresh ticket and reconnects by itself');
  await desktop.evaluate(() => (window as unknown as { switchboardRfb: { disconnect(): void } }).switchboardRfb.disconnect());
  await desktop.waitForFunction(() => document.body.dataset.state !== 'connected', null, { timeout: 10_000 });
  await desktop.waitForFunction(() => document.body.dataset.state === 'connected', null, { timeout: 30_000 });

  log("Stop Agent on the agent's row: its container goes, the row with it (events, no refresh)");
  const agentRow = containers.locator('.monaco-list-row', { hasText: 'Agent ·' }).first();
  await agentRow.hover();
  await agentRow.locator('.action-label[aria-label="Stop Agent"]').click();
  await agentRow.waitFor({ state: 'detached', timeout: 30_000 });
  agentSession = null;

  log('reload the window: the serializer brings the desktop panel back, connected with a new ticket');
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForEvent('load', { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const restored = await waitForPage(
    'the restored desktop panel',
    async () => page.frames().find((f: Frame) => f.url().includes('/desktop/view?ticket=') && f !== desktop) ?? null,
    60_000,
  );
  await restored.waitForFunction(() => document.body.dataset.state === 'connected', null, { timeout: 60_000 });

  log(`desktop flow passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-desktop-failure.png').catch(() => undefined);
  throw err;
} finally {
  await context.close();
  // Clean up what this flow made: the agent's container goes with its agent; then the computer.
  if (agentSession) {
    await api('POST', `/api/v1/sessions/${agentSession}/stop`).catch(() => undefined);
  }
  try {
    cli('computer', 'remove');
  } catch {
    // The daemon may be gone; the check below still sees what is left.
  }
  const left = await waitForPage(
    'the containers of this run to be gone',
    async () => {
      const list = await docker.listContainers({ all: true, filters: { label: [`switchboard.home=${STATE_DIR}`] } });
      return list.length === 0 ? list : null;
    },
    30_000,
  ).catch(async () => {
    const list = await docker.listContainers({ all: true, filters: { label: [`switchboard.home=${STATE_DIR}`] } });
    for (const c of list) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    return list;
  });
  assert.deepEqual(left.map((c) => c.Names[0]), [], 'containers with switchboard.* labels were left behind');
}
