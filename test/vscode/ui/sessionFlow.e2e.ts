// UI end-to-end in a real VS Code (code-server) in Chromium, as a person would do it: open the
// Switchboard view, add the open folder as a project from the welcome view, run "Start Session"
// from the palette, watch the chat panel stream the demo agent's plan up to its permission card,
// see other sessions (started from the CLI, as another client would) in three more states with
// the waiting badge and a waiting-for-you notification, click Allow in the chat, and see the
// session complete in the tree. Screenshots go to $SB_ARTIFACTS. Run by scripts/testVscode.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { cli, env, launchChromium, log, runCommand, shot, STATE_DIR, URL } from './workbench.js';



async function pick(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** How many of each kind of item the chat shows: a reload must reproduce these exactly. */
async function chatCounts(chat: ReturnType<Page['frameLocator']>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const sel of ['.user-turn', '.agent-message', '.plan', '.tool-call', '.permission-card', '.thought']) out[sel] = await chat.locator(sel).count();
  return out;
}

function treeRow(page: Page, title: string, state: RegExp): Locator {
  return page.locator('.pane-body .monaco-list-row').filter({ hasText: title }).filter({ hasText: state });
}

const started = Date.now();
const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
try {
  await page.goto(URL);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  log('open the Switchboard view; the extension activates and starts its daemon');
  await page.locator('.activitybar .action-item a[aria-label^="Switchboard"]').first().click();
  // A positive activation signal: our status bar item says the daemon is up.
  await page.locator('.statusbar-item', { hasText: /\d+ running/ }).first().waitFor({ timeout: 60_000 });
  // A wider side bar, so the screenshots show the sessions' descriptions in full.
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar) {
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width + 200, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }

  log('add the open folder as a project from the welcome view');
  await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Add Open Folder as Project' }).click({ timeout: 30_000 });
  await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Start Session' }).waitFor({ timeout: 30_000 });
  const projectSlug = JSON.parse(cli('projects', 'list', '--json')).projects[0].slug as string;

  log('Start Session from the palette: agent demo, action implement, a prompt');
  await runCommand(page, 'Switchboard: Start Session');
  await pick(page, 'demo');
  await pick(page, 'implement');
  const prompt = page.locator('.quick-input-widget input');
  await prompt.waitFor({ state: 'visible' });
  await prompt.fill('Add a greeting file');
  await page.keyboard.press('Enter');

  log('the chat panel streams the plan and shows the permission card');
  const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await chat.locator('.plan').first().waitFor({ timeout: 60_000 });
  const card = chat.locator('.permission-card[data-status="pending"]').first();
  await card.waitFor({ timeout: 60_000 });
  await shot(page, '01-chat-permission-card.png');

  log('reload the window mid-turn: the tree and the chat panel come back, nothing twice or missing');
  const countsBefore = await chatCounts(chat);
  // What a person does: "Developer: Reload Window" (it flushes the workbench state that
  // restores the editors, which a bare browser reload may cut short).
  await runCommand(page, 'Developer: Reload Window');
  await page.waitForEvent('load', { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: /\d+ running/ }).first().waitFor({ timeout: 60_000 });
  await treeRow(page, 'Add a greeting file', /needs approval/).waitFor({ timeout: 30_000 });
  await card.waitFor({ timeout: 60_000 });
  // Once the webview has drawn the whole history (it marks its body `data-history="done"` when the
  // host says `live`), compare what is drawn with what was drawn before the reload. The session
  // waits for the permission answer, so nothing new arrives meanwhile.
  await chat.locator('.agent-message').first().waitFor({ timeout: 30_000 });
  await chat.locator('body[data-history="done"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(await chatCounts(chat), countsBefore, 'the restored chat shows each item exactly once');
  await shot(page, '01b-after-reload.png');

  log('other clients start sessions: one completes, one crashes, one runs, one waits');
  cli('send', 'demo', 'implement', projectSlug, '--prompt', 'Write the changelog', '--policy', 'allow-all', '--wait');
  try {
    cli('send', 'demo', 'implement', projectSlug, '--prompt', 'crash', '--wait');
  } catch {
    // `--wait` exits non-zero for a failed session: that is the point of this one.
  }
  cli('send', 'demo', 'analyze', projectSlug, '--prompt', 'hang');
  cli('send', 'demo', 'implement', projectSlug, '--prompt', 'Review the README');

  log('a waiting-for-you notification for the session whose chat is not open');
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'asks permission' }).first();
  await toast.waitFor({ timeout: 30_000 });
  await shot(page, '02-waiting-notification.png');

  await treeRow(page, 'Write the changelog', /completed/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'crash', /crashed|failed/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'hang', /running/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'Review the README', /needs approval/).waitFor({ timeout: 30_000 });
  const badge = page.locator('.activitybar .action-item a[aria-label^="Switchboard"] + .badge .badge-content, .activitybar .action-item:has(a[aria-label^="Switchboard"]) .badge-content').first();
  await badge.waitFor({ timeout: 15_000 });
  assert.equal((await badge.innerText()).trim(), '2', 'two sessions wait for you');
  await shot(page, '03-tree-states-and-badge.png');

  log('a second window on another folder sees the same sessions');
  const other = await context.newPage();
  await other.goto(env('SB_URL_OTHER'));
  await other.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await other.locator('.activitybar .action-item a[aria-label^="Switchboard"]').first().click();
  await treeRow(other, 'Add a greeting file', /needs approval/).waitFor({ timeout: 60_000 });

  log('click Allow on the permission card; the session completes in the tree, in both windows');
  await page.bringToFront();
  await card.locator('button.permission-option.primary').first().click();
  await treeRow(page, 'Add a greeting file', /completed/).waitFor({ timeout: 60_000 });
  await treeRow(other, 'Add a greeting file', /completed/).waitFor({ timeout: 30_000 });
  await shot(other, '05-second-window-live.png');
  await other.close();
  await chat.locator('.permission-card[data-status="answered"], .permission-card:not([data-status="pending"])').first().waitFor({ timeout: 15_000 });
  await shot(page, '04-session-completed.png');
  log('kill the daemon: the status bar says so, the extension restarts it, states are truthful');
  const discovery = JSON.parse(readFileSync(path.join(STATE_DIR, 'daemon.json'), 'utf8')) as { pid: number };
  process.kill(discovery.pid, 'SIGKILL');
  const status = page.locator('.statusbar-item', { hasText: /daemon down|starting daemon/ }).first();
  await status.waitFor({ timeout: 20_000 }).then(
    () => shot(page, '06a-daemon-down.png'),
    () => log('(the restart was quicker than the screenshot)'),
  );
  await page.locator('.statusbar-item', { hasText: /\d+ running/ }).first().waitFor({ timeout: 60_000 });
  // What was mid-turn is now failed/interrupted (resumable); what had ended stays as it was.
  await treeRow(page, 'hang', /interrupted/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'Review the README', /interrupted/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'Add a greeting file', /completed/).waitFor({ timeout: 30_000 });
  await treeRow(page, 'crash', /crashed|failed/).waitFor({ timeout: 30_000 });
  const after = JSON.parse(readFileSync(path.join(STATE_DIR, 'daemon.json'), 'utf8')) as { pid: number };
  assert.notEqual(after.pid, discovery.pid, 'a new daemon runs');
  await shot(page, '06-after-daemon-restart.png');

  log(`UI end-to-end passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-failure.png').catch(() => undefined);
  throw err;
} finally {
  await context.close();
}
