// Review, end to end in a real VS Code (code-server) in Chromium, as a person does it: a demo
// session (started from the CLI, as another client would) writes src/app.ts and changes
// README.md; in the Sessions view its node expands into those files with A/M badges; a click
// opens the diff; a comment on a range of the agent's side is added with the Comments UI;
// "Send Review to Agent" sends it and the chat panel shows the follow-up turn carrying the
// review, then the agent's answer. Runs after sessionFlow.e2e.ts on the same code-server and
// daemon (scripts/testVscode.mjs). Screenshots go to $SB_ARTIFACTS.
import assert from 'node:assert/strict';
import { cli, launchChromium, log, openSwitchboard, runCommand, shot } from './workbench.js';



const APP = ['export function greet(name: string): string {', '  return "hi " + name;', '}', '', 'export const answer = 42;', ''].join('\n');
const TITLE = 'write src/app.ts';
const COMMENT = 'Use a template literal and a friendlier greeting.';

const started = Date.now();
log('a demo session writes src/app.ts, then changes README.md (from the CLI, like another client)');
const projectSlug = JSON.parse(cli('projects', 'list', '--json')).projects[0].slug as string;
const first = JSON.parse(cli('send', 'demo', 'implement', projectSlug, '--prompt', `${TITLE} ${APP}`, '--policy', 'allow-all', '--wait', '--json')) as { id?: string; session?: { id: string } };
const sessionId = first.id ?? first.session!.id;
cli('followup', sessionId, 'write README.md # demo\n\nReviewed with Switchboard.\n', '--wait');

const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
try {
  await openSwitchboard(page);

  log('expand the session: its changed files, with A/M badges and colours');
  const sessionRow = page.locator('.pane-body .monaco-list-row').filter({ hasText: TITLE }).filter({ hasText: /completed/ }).first();
  await sessionRow.waitFor({ timeout: 30_000 });
  await sessionRow.locator('.monaco-tl-twistie').click();
  const appRow = page.locator('.pane-body .monaco-list-row').filter({ hasText: /^app\.ts/ }).first();
  const readmeRow = page.locator('.pane-body .monaco-list-row').filter({ hasText: /^README\.md/ }).first();
  await appRow.waitFor({ timeout: 30_000 });
  await readmeRow.waitFor({ timeout: 30_000 });
  await page.locator('.pane-body .monaco-list-row', { hasText: /^Changes/ }).filter({ hasText: '2 files' }).first().waitFor({ timeout: 30_000 });
  // The decorations arrive asynchronously; VS Code draws the badge letter as the label's ::after content.
  await appRow.locator('.monaco-icon-label.monaco-decoration-badge').waitFor({ timeout: 15_000 });
  await readmeRow.locator('.monaco-icon-label.monaco-decoration-badge').waitFor({ timeout: 15_000 });
  const appBadge = await appRow.evaluate((el) => getComputedStyle(el.querySelector('.monaco-icon-label')!, '::after').content);
  const readmeBadge = await readmeRow.evaluate((el) => getComputedStyle(el.querySelector('.monaco-icon-label')!, '::after').content);
  assert.match(appBadge, /A/, `the added file carries an A badge (got ${appBadge})`);
  assert.match(readmeBadge, /M/, `the modified file carries an M badge (got ${readmeBadge})`);
  await shot(page, '10-review-changes-tree.png');

  log('click src/app.ts: the diff opens, base (empty: the file is new) against the worktree file');
  await appRow.click();
  const tab = page.locator('.tabs-container .tab', { hasText: 'app.ts (' }).first();
  await tab.waitFor({ timeout: 30_000 });
  const modified = page.locator('.monaco-diff-editor .editor.modified');
  await modified.locator('.view-line', { hasText: 'return "hi " + name;' }).waitFor({ timeout: 30_000 });

  log('select lines 2–3 on the agent\'s side and comment on them');
  await modified.locator('.view-line', { hasText: 'return "hi " + name;' }).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await runCommand(page, 'Comments: Add Comment on Current Selection', false);
  const widget = page.locator('.review-widget').first();
  await widget.locator('.comment-form').waitFor({ timeout: 15_000 });
  assert.match(String(await widget.locator('.comments-container').getAttribute('aria-label')), /lines 2 through 3/);
  await page.keyboard.type(COMMENT);
  await widget.locator('.monaco-text-button', { hasText: 'Add Review Comment' }).click();
  await widget.locator('.review-comment', { hasText: COMMENT }).waitFor({ timeout: 15_000 });
  await widget.getByText('Pending: not sent to the agent yet').waitFor({ timeout: 15_000 });
  await shot(page, '11-review-diff-comment.png');

  log('Send Review to Agent: the chat shows the follow-up carrying the review, then the agent\'s answer');
  await runCommand(page, 'Switchboard: Send Review to Agent');
  const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const reviewTurn = chat.locator('.user-turn', { hasText: 'Review comments on your changes' }).last();
  await reviewTurn.waitFor({ timeout: 60_000 });
  const text = await reviewTurn.innerText();
  assert.match(text, /src\/app\.ts, lines 2–3/);
  assert.match(text, /return "hi " \+ name;/);
  assert.ok(text.includes(COMMENT), 'the comment is in the follow-up');
  // The demo agent answers that turn (it writes hello.txt with allow-all): the turn arrives and ends.
  await page.locator('.pane-body .monaco-list-row').filter({ hasText: TITLE }).filter({ hasText: /completed/ }).first().waitFor({ timeout: 60_000 });
  await chat.locator('.agent-message').last().waitFor({ timeout: 30_000 });
  await runCommand(page, 'View: Hide Panel');
  await reviewTurn.scrollIntoViewIfNeeded();
  await shot(page, '12-review-followup-in-chat.png');
  const turns = JSON.parse(cli('sessions', 'show', sessionId, '--json')).turns as { index: number; prompt: string }[];
  assert.equal(turns.length, 3, 'one follow-up for the whole review');
  assert.ok(turns[2]!.prompt.includes(COMMENT));

  log(`review end-to-end passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-review-failure.png').catch(() => undefined);
  throw err;
} finally {
  await context.close();
}
