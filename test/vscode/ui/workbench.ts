// What every UI flow needs to drive the real VS Code (code-server) that scripts/testVscode.mjs
// started: its environment, the CLI on the same state dir, screenshots, the command palette, the
// browser, and the Switchboard view opened and ready.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export function env(k: string): string {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set; run this through scripts/testVscode.mjs`);
  return v;
}

export const URL = env('SB_URL');
export const STATE_DIR = env('SB_STATE_DIR');
export const ARTIFACTS = env('SB_ARTIFACTS');
export const CLI = path.resolve('dist', 'cli.cjs');

export const cli = (...args: string[]): string => execFileSync(process.execPath, [CLI, '--home', STATE_DIR, ...args], { encoding: 'utf8' });
export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, name) });
export const log = (m: string): void => void process.stdout.write(`  · ${m}\n`);

/** Runs a palette command. `escape: false` keeps the editor's selection (Escape would collapse it). */
export async function runCommand(page: Page, title: string, escape = true): Promise<void> {
  // The palette can swallow the first keystrokes while the workbench settles: retry.
  for (let attempt = 1; ; attempt++) {
    if (escape) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.click();
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'sb-chromium-')), {
    executablePath: env('SB_CHROMIUM'),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * For flows that follow another on the same code-server: the workbench loaded, the Switchboard
 * view shown (it may be restored already), the daemon up, no editors open, a side bar wide enough
 * for the screenshots.
 */
export async function openSwitchboard(page: Page): Promise<void> {
  await page.goto(URL);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const switchboard = page.locator('.activitybar .action-item a[aria-label^="Switchboard"]').first();
  await switchboard.waitFor({ timeout: 30_000 });
  if (!(await page.locator('.pane-header', { hasText: 'Sessions' }).first().isVisible())) await switchboard.click();
  await page.locator('.statusbar-item', { hasText: /\d+ running/ }).first().waitFor({ timeout: 60_000 });
  await runCommand(page, 'View: Close All Editors');
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar && bar.width < 450) {
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + 480, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
}
