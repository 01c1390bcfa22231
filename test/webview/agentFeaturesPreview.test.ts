// The chat panel's agent features in a real Chromium (the static preview, its fake host standing
// in for the extension): the model and mode pickers and the options popover built from what the
// agent offered, a refused change shown inline, the context bar and the cost; the `/` menu of the
// agent's commands; an elicitation form checked and answered; the login banner. What is sent to
// the host is read back from the preview's record of posts. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, ORIGIN, openPreviewBrowser, type PreviewBrowser } from './chatPreviewBrowser.js';

const select = (id: string, name: string, values: [string, string][], current: string, category: string) => ({
  id,
  name,
  description: null,
  category,
  type: 'select',
  currentValue: current,
  values: values.map(([value, label]) => ({ value, name: label, description: null, group: null })),
  source: 'config',
});

const OPTIONS = [
  select('model', 'Model', [['demo-fast', 'Demo Fast'], ['demo-smart', 'Demo Smart']], 'demo-fast', 'model'),
  select('mode', 'Mode', [['ask', 'Ask'], ['plan', 'Plan'], ['auto', 'Auto']], 'ask', 'mode'),
  select('effort', 'Effort', [['low', 'Low'], ['medium', 'Medium'], ['high', 'High']], 'medium', 'thought_level'),
];

const COMMANDS = [
  { name: 'review', description: 'Review the changes on this branch', inputHint: 'what to focus on' },
  { name: 'summarize', description: 'Summarize the conversation so far', inputHint: null },
  { name: 'explain', description: 'Explain a file or symbol', inputHint: 'a path or a name' },
];

const FORM = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Your name', minLength: 2 },
    count: { type: 'integer', title: 'How many', minimum: 1, maximum: 5 },
    color: { type: 'string', title: 'Color', enum: ['red', 'green'], enumNames: ['Red', 'Green'] },
    notify: { type: 'boolean', title: 'Notify me', default: false },
  },
  required: ['name', 'color'],
};

let seq = 100_000;
const event = (type: string, payload: unknown) => ({ seq: seq++, type, sessionId: 's', projectId: 'p', time: '2026-12-07T00:00:00.000Z', payload });

async function fromHost(page: Page, ...events: unknown[]): Promise<void> {
  await page.evaluate((evs) => (window as unknown as { __previewHost: { post(m: unknown): void } }).__previewHost.post({ type: 'events', events: evs }), events);
}

async function posted(page: Page, type: string): Promise<Record<string, unknown>[]> {
  const all = await page.evaluate(() => (window as unknown as { __posted: Record<string, unknown>[] }).__posted);
  return all.filter((m) => m.type === type).map((m) => ({ ...m, id: 0 }));
}

/** How the fake host answers the next requests: ok with a note, or a refusal in the daemon's words. */
async function answerWith(page: Page, answers: Record<string, { ok?: boolean; message?: string; note?: string }>): Promise<void> {
  await page.evaluate((a) => {
    (window as unknown as { __previewHost: { answer(m: { type: string }): unknown } }).__previewHost.answer = (m) => a[m.type];
  }, answers);
}

describe('chat webview: agent settings, commands, usage, forms and logins', function () {
  this.timeout(60_000);
  let browser: PreviewBrowser | null = null;
  let page: Page;

  before(async function () {
    browser = await openPreviewBrowser('chat-features-');
    if (!browser) this.skip();
    page = browser.page;
    await page.goto(`${ORIGIN}/preview/preview.html?until=end`);
    await page.locator('body[data-history="done"]').waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  it('before the agent offers settings the pickers are disabled and say why; no cost is shown', async () => {
    assert.equal(await page.locator('#setting-model').isDisabled(), true);
    assert.match((await page.locator('#setting-model').getAttribute('title')) ?? '', /has not offered any yet/);
    assert.equal(await page.locator('#session-cost').isHidden(), true);
    assert.equal(await page.locator('#context-bar').isHidden(), true);
  });

  it('shows the offered model and mode as pickers, other options in a popover, the context bar and the cost', async () => {
    await fromHost(
      page,
      event('session.config_changed', { options: OPTIONS, requested: null, changed: ['model', 'mode', 'effort'], by: 'agent' }),
      event('session.commands_changed', { commands: COMMANDS }),
      event('usage', { usage: { used: 50_000, size: 200_000, cost: { amount: 0.0123, currency: 'USD' } } }),
    );
    await page.locator('#setting-model:not([disabled])').waitFor();
    assert.equal(await page.locator('#setting-model').inputValue(), 'demo-fast');
    assert.deepEqual(await page.locator('#setting-mode option').allInnerTexts(), ['Ask', 'Plan', 'Auto']);
    assert.equal(await page.locator('#session-cost').innerText(), '$0.0123');
    assert.equal(await page.locator('#context-bar').getAttribute('title'), 'Context: 50,000 of 200,000 tokens (25%)');
    const fill = await page.locator('#context-bar .context-fill').evaluate((el) => (el as HTMLElement).style.width);
    assert.equal(fill, '25%');
    await page.locator('#setting-options > summary').click();
    assert.equal(await page.locator('#setting-options select[data-option-id="effort"]').inputValue(), 'medium');
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-settings-header.png'), clip: { x: 0, y: 0, width: 900, height: 260 } });
    await page.locator('#setting-options > summary').click();
  });

  it('picking a model sends it and shows when it applies; a refused mode is said inline and the picker goes back', async () => {
    await answerWith(page, { setConfig: { note: 'applies at the next prompt' } });
    await page.locator('#setting-model').selectOption('demo-smart');
    await page.locator('#settings-note:not([hidden])').waitFor();
    assert.equal(await page.locator('#settings-note').innerText(), 'Model: applies at the next prompt');
    assert.equal(await page.locator('#setting-model').inputValue(), 'demo-smart');
    await answerWith(page, { setConfig: { ok: false, message: 'mode: the agent refused plan (not in this session)' } });
    await page.locator('#setting-mode').selectOption('plan');
    await page.locator('#settings-error:not([hidden])').waitFor();
    assert.match(await page.locator('#settings-error').innerText(), /mode: the agent refused plan/);
    assert.equal(await page.locator('#setting-mode').inputValue(), 'ask');
    assert.deepEqual(await posted(page, 'setConfig'), [
      { type: 'setConfig', id: 0, change: { model: 'demo-smart' } },
      { type: 'setConfig', id: 0, change: { mode: 'plan' } },
    ]);
    // The agent took the model: the note has served.
    const smart = { ...OPTIONS[0], currentValue: 'demo-smart' };
    await fromHost(page, event('session.config_changed', { options: [smart, ...OPTIONS.slice(1)], requested: { model: 'demo-smart' }, changed: ['model'], by: 'user' }));
    await page.locator('#settings-note').waitFor({ state: 'hidden' });
    await answerWith(page, {});
  });

  it('typing / lists the agent\'s commands, filters as you type, arrows and Enter pick, the hint shows, Enter sends', async () => {
    const input = page.locator('#composer-input');
    await input.fill('');
    await input.pressSequentially('/');
    await page.locator('#command-menu:not([hidden])').waitFor();
    assert.deepEqual(await page.locator('.command-option .command-name').allInnerTexts(), ['/review', '/summarize', '/explain']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-slash-menu.png') });
    await input.pressSequentially('e');
    // `e` starts `explain`, and is inside the others' names.
    assert.deepEqual(await page.locator('.command-option .command-name').allInnerTexts(), ['/explain', '/review', '/summarize']);
    await input.press('ArrowDown');
    assert.equal(await page.locator('.command-option[aria-selected="true"]').getAttribute('data-command'), 'review');
    await input.press('Enter');
    assert.equal(await input.inputValue(), '/review ');
    assert.equal(await page.locator('#command-menu').isHidden(), true);
    assert.equal(await page.locator('#command-input-hint').innerText(), '/review — what to focus on');
    await input.pressSequentially('the tests');
    await input.press('Enter');
    await page.waitForFunction(() => (document.querySelector('#composer-input') as HTMLTextAreaElement).value === '');
    assert.deepEqual((await posted(page, 'followup')).at(-1), { type: 'followup', id: 0, text: '/review the tests' });
  });

  it('Escape closes the menu and Tab picks', async () => {
    const input = page.locator('#composer-input');
    await input.pressSequentially('/su');
    await page.locator('#command-menu:not([hidden])').waitFor();
    await input.press('Escape');
    assert.equal(await page.locator('#command-menu').isHidden(), true);
    assert.equal(await input.inputValue(), '/su');
    await input.pressSequentially('m');
    await input.press('Tab');
    assert.equal(await input.inputValue(), '/summarize ');
    await input.fill('');
  });

  it('an elicitation is a form: required fields checked before sending, the answer sent and shown', async () => {
    const request = {
      id: 'el-1',
      sessionId: 's',
      turnId: null,
      message: 'Which color should the banner be?',
      requestedSchema: FORM,
      state: 'pending',
      action: null,
      content: null,
      answeredBy: null,
      createdAt: '2026-12-07T00:00:00.000Z',
      answeredAt: null,
    };
    await fromHost(page, event('elicitation.requested', { request }));
    const card = page.locator('.elicitation-card[data-request-id="el-1"]');
    await card.waitFor();
    assert.deepEqual(await card.locator('.field-label').allInnerTexts(), ['Your name *', 'How many', 'Color *', 'Notify me']);
    await card.locator('input[name="count"]').fill('9');
    await card.locator('button[data-action="accept"]').click();
    assert.equal(await card.locator('[data-field-error="name"]').innerText(), '"name" is required');
    assert.equal(await card.locator('[data-field-error="count"]').innerText(), '"count" must be at most 5');
    assert.equal(await card.locator('[data-field-error="color"]').innerText(), '"color" is required');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-elicitation-errors.png') });
    assert.deepEqual(await posted(page, 'answerElicitation'), []);
    await card.locator('input[name="name"]').fill('Ada');
    assert.equal(await card.locator('[data-field-error="name"]').innerText(), '', 'an edited field\'s error is gone');
    await card.locator('input[name="count"]').fill('3');
    await card.locator('select[name="color"]').selectOption('green');
    await card.locator('input[name="notify"]').check();
    await card.locator('button[data-action="accept"]').click();
    assert.deepEqual(await posted(page, 'answerElicitation'), [
      { type: 'answerElicitation', id: 0, requestId: 'el-1', action: 'accept', content: { name: 'Ada', count: 3, color: 'green', notify: true } },
    ]);
    await fromHost(page, event('elicitation.answered', { requestId: 'el-1', action: 'accept', answeredBy: 'user' }));
    await page.locator('.elicitation-card[data-status="answered"]').waitFor();
    assert.equal(await card.locator('.elicitation-answer').innerText(), 'Accepted by you: Your name: Ada · How many: 3 · Color: green · Notify me: true');
    assert.equal(await card.locator('button, input, select').count(), 0);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-elicitation-answered.png') });
  });

  it('a session waiting for a login shows a Log in banner that asks the host to run the login', async () => {
    await fromHost(page, event('session.state_changed', { from: 'running', to: 'waiting_for_user', reason: 'auth_required', detail: 'the agent needs a login' }));
    const banner = page.locator('#auth-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /demo needs you to log in\. The session resumes once you have\./);
    await page.locator('#auth-login').click();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'login'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-login-banner.png'), clip: { x: 0, y: 0, width: 900, height: 300 } });
    await fromHost(page, event('session.state_changed', { from: 'waiting_for_user', to: 'running', reason: null, detail: null }));
    await banner.waitFor({ state: 'hidden' });
  });
});
