// What agents offer beyond turns, end to end in a real VS Code (code-server) in Chromium, as a
// person does it: in a demo session's chat, pick the model `demo-smart` in the header (the agent
// then reports it in use), type `/`, choose `review` from the agent's commands and send it (the
// agent answers that it ran), see the session's cost in the header equal to what the daemon
// recorded, and the cost and budget on the project node; answer the agent's form (`ask-form`) in
// its card; switch the mode mid-turn (it applies at the next prompt); and log an agent in from the chat's "Log in" banner (the demo agent's terminal login,
// in a VS Code terminal). Runs after the other flows on the same code-server and daemon
// (scripts/testVscode.mjs). Screenshots go to $SB_ARTIFACTS.
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { cli, env, launchChromium, log, openSwitchboard, runCommand, shot } from './workbench.js';

const TITLE = 'think';

function treeRow(page: Page, title: string, state?: RegExp): Locator {
  const rows = page.locator('.pane-body .monaco-list-row').filter({ hasText: title });
  return state ? rows.filter({ hasText: state }) : rows;
}

/** Opens a session's chat from its tree row; the chat of the active editor is the one returned. */
async function openChat(page: Page, row: Locator): Promise<FrameLocator> {
  await runCommand(page, 'View: Close All Editors');
  await row.first().click();
  const chat = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await chat.locator('body[data-history="done"]').waitFor({ timeout: 60_000 });
  return chat;
}

/** The agent's last message, once one containing `text` arrived. */
async function agentSays(chat: FrameLocator, text: string | RegExp): Promise<string> {
  const message = chat.locator('.agent-message', { hasText: text }).last();
  await message.waitFor({ timeout: 60_000 });
  return message.innerText();
}

async function send(chat: FrameLocator, text: string): Promise<void> {
  const input = chat.locator('#composer-input');
  await input.fill(text);
  await input.press('Enter');
}

function projectSlug(): string {
  const projects = JSON.parse(cli('projects', 'list', '--json')).projects as { slug: string }[];
  if (projects[0]) return projects[0].slug;
  // Run alone (`npm run test:vscode ui settingsFlow`): the other flows' project is not there yet.
  cli('projects', 'add', env('SB_REPO'));
  return (JSON.parse(cli('projects', 'list', '--json')).projects as { slug: string }[])[0]!.slug;
}

async function pickModelAndReview(page: Page, chat: FrameLocator, sessionId: string): Promise<void> {
  log('the header offers the agent\'s models and modes; pick demo-smart');
  const model = chat.locator('#setting-model:not([disabled])');
  await model.waitFor({ timeout: 30_000 });
  assert.equal(await model.inputValue(), 'demo-fast');
  assert.deepEqual(await chat.locator('#setting-mode option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['ask', 'plan', 'auto']);
  await model.selectOption('demo-smart');
  // The agent took it (config_changed), or it applies at the next prompt / start (the note says so).
  await model.waitFor({ timeout: 15_000 });
  const settings = JSON.parse(cli('sessions', 'show', sessionId, '--json')) as { requestedSettings?: { model?: string } | null };
  assert.equal(settings.requestedSettings?.model, 'demo-smart', 'the daemon stored the choice');
  await shot(page, '20-settings-model-picked.png');

  log('type / in the composer: the agent\'s commands; choose review and send it');
  const input = chat.locator('#composer-input');
  await input.click();
  await input.pressSequentially('/');
  await chat.locator('#command-menu:not([hidden])').waitFor({ timeout: 10_000 });
  assert.deepEqual(await chat.locator('.command-option .command-name').allInnerTexts(), ['/review', '/summarize', '/explain']);
  await shot(page, '21-slash-menu.png');
  await input.press('Enter');
  assert.equal(await input.inputValue(), '/review ');
  assert.match(await chat.locator('#command-input-hint').innerText(), /what to review/);
  await input.pressSequentially('the greeting');
  await input.press('Enter');
  assert.match(await agentSays(chat, 'Ran /review'), /Ran \/review on: the greeting/);

  log('ask the agent which settings it runs with: the model picked in the header');
  await send(chat, 'settings');
  assert.match(await agentSays(chat, 'Settings:'), /model=demo-smart/);
}

async function costInHeader(page: Page, chat: FrameLocator, sessionId: string, slug: string): Promise<void> {
  log('the header shows the session\'s cost, as the daemon recorded it; the project node its cost today');
  await treeRow(page, TITLE, /completed/).first().waitFor({ timeout: 60_000 });
  const recorded = (JSON.parse(cli('sessions', 'show', sessionId, '--json')) as { usage: { cost: { amount: number } | null } }).usage.cost;
  assert.ok(recorded && recorded.amount > 0, 'the demo agent reports a cost');
  const expected = `$${recorded.amount.toFixed(recorded.amount >= 1 ? 2 : 4)}`;
  await chat.locator('#session-cost', { hasText: expected }).waitFor({ timeout: 30_000 });
  assert.match((await chat.locator('#context-bar').getAttribute('title')) ?? '', /^Context: [\d,]+ of 200,000 tokens/);
  assert.match((await chat.locator('#session-cost').getAttribute('title')) ?? '', /tokens \(in /);
  cli('projects', 'budget', slug, '1');
  await page.locator('.pane-body .monaco-list-row', { hasText: /today \/ \$1\.00/ }).first().waitFor({ timeout: 30_000 });
  await shot(page, '22-cost-in-header-and-tree.png');
}

async function answerForm(page: Page, chat: FrameLocator): Promise<void> {
  log('ask-form: the agent\'s form is a card in the chat; fill it in and accept');
  await send(chat, 'ask-form');
  const card = chat.locator('.elicitation-card[data-status="pending"]').last();
  await card.waitFor({ timeout: 60_000 });
  await card.locator('button[data-action="accept"]').click();
  assert.equal(await card.locator('[data-field-error="name"]').innerText(), '"name" is required');
  await card.locator('input[name="name"]').fill('Ada');
  await card.locator('input[name="count"]').fill('3');
  await card.locator('select[name="color"]').selectOption('green');
  await card.locator('input[name="confirm"]').check();
  await shot(page, '23-elicitation-card.png');
  await card.locator('button[data-action="accept"]').click();
  const reply = await agentSays(chat, 'Form answered');
  assert.match(reply, /Form answered: accept/);
  assert.match(reply, /"name":"Ada"/);
  assert.match(reply, /"count":3/);
  await chat.locator('.elicitation-card[data-status="answered"] .elicitation-answer', { hasText: 'Accepted by you' }).last().waitFor({ timeout: 15_000 });
  await shot(page, '24-elicitation-answered.png');
}

async function modeMidTurn(page: Page, chat: FrameLocator): Promise<void> {
  log('switch the mode while a turn runs: it applies at the next prompt, and the agent then runs in it');
  await send(chat, 'slow 3 400');
  await chat.locator('.user-turn[data-status="running"]', { hasText: 'slow 3 400' }).waitFor({ timeout: 30_000 });
  await chat.locator('#setting-mode').selectOption('auto');
  await chat.locator('#settings-note', { hasText: 'Mode: applies at the next prompt' }).waitFor({ timeout: 15_000 });
  await shot(page, '24b-mode-next-prompt.png');
  await chat.locator('.user-turn[data-status="done"]', { hasText: 'slow 3 400' }).waitFor({ timeout: 60_000 });
  await send(chat, 'settings');
  assert.match(await agentSays(chat, /Settings: .*mode=auto/), /model=demo-smart mode=auto/);
  await chat.locator('#settings-note').waitFor({ state: 'hidden', timeout: 15_000 });
}

async function loginFromChat(page: Page, slug: string): Promise<void> {
  log('an agent without credentials: the chat\'s Log in runs its terminal login, then the session resumes');
  const demo = (JSON.parse(cli('agents', 'list', '--json')).agents as { name: string; spawn: { command: string; args: string[] } }[]).find((a) => a.name === 'demo')!;
  cli('agents', 'add', 'demo-auth', '--command', demo.spawn.command, ...demo.spawn.args.map((a) => `--arg=${a}`), '--env', 'DEMO_AGENT_REQUIRE_AUTH=1');
  cli('send', 'demo-auth', 'implement', slug, '--prompt', 'Log me in first', '--policy', 'allow-all');
  const chat = await openChat(page, treeRow(page, 'Log me in first', /needs login/));
  const banner = chat.locator('#auth-banner');
  await banner.waitFor({ timeout: 60_000 });
  await shot(page, '25-login-banner.png');
  await chat.locator('#auth-login').click();
  // Two methods: the terminal one, and one the agent handles itself.
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Demo login' }).first();
  await pick.waitFor({ timeout: 15_000 });
  await pick.click();
  // The terminal draws on a canvas: its title says which login runs; the login reads a line.
  await page.locator('.pane-header, .single-terminal-tab, .terminal-tabs-entry', { hasText: 'demo-auth login' }).first().waitFor({ timeout: 30_000 });
  const terminal = page.locator('.terminal-wrapper .xterm').first();
  await terminal.waitFor({ timeout: 30_000 });
  await shot(page, '26-login-terminal.png');
  await terminal.click();
  await page.keyboard.press('Enter');
  await banner.waitFor({ state: 'hidden', timeout: 60_000 });
  await treeRow(page, 'Log me in first', /completed|running|needs approval/).first().waitFor({ timeout: 60_000 });
  await shot(page, '27-logged-in.png');
}

const started = Date.now();
const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
try {
  // First: run alone, this flow's window is what starts the daemon.
  await openSwitchboard(page);
  const slug = projectSlug();
  log('a demo session (started from the CLI, as another client would) answers a first prompt');
  const created = JSON.parse(cli('send', 'demo', 'implement', slug, '--prompt', TITLE, '--policy', 'allow-all', '--wait', '--json')) as { id?: string; session?: { id: string } };
  const sessionId = created.id ?? created.session!.id;
  const chat = await openChat(page, treeRow(page, TITLE, /completed/));
  await pickModelAndReview(page, chat, sessionId);
  await costInHeader(page, chat, sessionId, slug);
  await answerForm(page, chat);
  await modeMidTurn(page, chat);
  await loginFromChat(page, slug);
  log(`settings end-to-end passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-settings-failure.png').catch(() => undefined);
  throw err;
} finally {
  await context.close();
}
