// The chat webview in a real Chromium: the bundle built from webview-ui/chat, fed by the static
// preview's fake host with real demo-agent events. What a user sees mid-turn (streamed text,
// plan, the permission card), what clicking Allow does, that agent text is never parsed as HTML,
// and that a reload mid-turn redraws the same conversation. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/daemonHarness.js';
import { ARTIFACTS, ORIGIN, openPreviewBrowser, type PreviewBrowser } from './chatPreviewBrowser.js';

describe('chat webview in Chromium', function () {
  this.timeout(60_000);
  let browser: PreviewBrowser | null = null;
  let page: Page;

  before(async function () {
    browser = await openPreviewBrowser('chat-preview-');
    if (!browser) this.skip();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
  });

  const allow = '.permission-card[data-status="pending"] button[data-option-kind="allow_once"]';

  it('shows the session mid-turn: streamed text, plan, tool call and a pending permission card', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${ORIGIN}/preview/preview.html`);
    await page.locator(allow).waitFor();
    assert.equal(await page.locator('#session-state').getAttribute('data-state'), 'waiting_for_user');
    assert.equal(await page.locator('#messages .agent-message').first().innerText(), 'I will update hello.txt with a greeting and then run a quick check.');
    assert.deepEqual(await page.locator('.plan-list li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status'))), ['in_progress', 'pending', 'pending']);
    assert.equal(await page.locator('.tool-call .tool-title').first().innerText(), 'Create hello.txt');
    assert.deepEqual((await page.locator('.permission-card button').allInnerTexts()).map((t) => t.trim()), ['Allow once', 'Always allow', 'Reject']);
    assert.equal((await page.locator('#composer-send').innerText()).trim(), 'Queue');
    assert.equal(await page.locator('#cancel-turn').isEnabled(), true);
    // The codicon font loaded: glyphs have width.
    assert.ok((await page.locator('#header .codicon-hubot').boundingBox())!.width > 8);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-panel-permission.png') });
    assert.deepEqual(errors, []);
  });

  it('clicking Allow sends the agent\'s option and the card shows who answered; the turn completes', async () => {
    await page.locator(allow).click();
    const sent = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'answerPermission'));
    assert.deepEqual(sent.map((m) => ({ ...m, id: 0 })), [{ type: 'answerPermission', id: 0, requestId: '96715961-bf0e-402f-af19-421a9cf484b3', optionId: 'allow_once' }]);
    await page.locator('#session-state[data-state="completed"]').waitFor();
    const card = page.locator('.permission-card').first();
    assert.equal(await card.getAttribute('data-status'), 'answered');
    assert.equal(await card.locator('.permission-answer').innerText(), 'Allow once · answered by you');
    assert.equal(await card.locator('button:disabled').count(), 3);
    assert.equal(await page.locator('.diff-line.add').first().innerText(), '+Hello from the demo agent (turn 1)');
    assert.match(await page.locator('.terminal').innerText(), /\$ \/usr\/bin\/node --version\s+exit 0 · 9 B of output/);
    assert.equal((await page.locator('#composer-send').innerText()).trim(), 'Send');
    assert.equal(await page.locator('#messages .user-turn').count(), 2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-panel-completed.png'), fullPage: true });
  });

  it('the composer sends a follow-up on Enter and clears; a file link asks the host to open the file', async () => {
    const posted = () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'followup' || m.type === 'openFile'));
    await page.locator('#composer-input').fill('Now add a test');
    await page.locator('#composer-input').press('Enter');
    await page.waitForFunction(() => (document.querySelector('#composer-input') as HTMLTextAreaElement).value === '');
    await page.locator('.file-written a.file-link').click();
    const sent = (await posted()).map((m) => ({ ...m, id: 0 }));
    assert.deepEqual(sent, [
      { type: 'followup', id: 0, text: 'Now add a test' },
      { type: 'openFile', id: 0, path: 'hello.txt', line: null },
    ]);
    // The daemon accepted the prompt: it shows as queued until its turn starts.
    await page.evaluate(() => {
      const host = (window as unknown as { __previewHost: { post(m: unknown): void } }).__previewHost;
      host.post({ type: 'events', events: [{ seq: 9000, type: 'turn.queued', sessionId: 's', projectId: 'p', time: 't', payload: { turnId: 'q1', index: 2, prompt: 'Now add a test' } }] });
    });
    const queued = page.locator('#queued .user-turn.queued');
    await queued.waitFor();
    assert.match(await queued.innerText(), /Now add a test\s+Turn 3 · queued/);
  });

  it('renders agent text as text: markup in a message is never parsed', async () => {
    await page.evaluate(() => {
      const host = (window as unknown as { __previewHost: { post(m: unknown): void } }).__previewHost;
      host.post({
        type: 'events',
        events: [
          { seq: 10_000, type: 'agent.message_chunk', sessionId: 's', projectId: 'p', time: 't', payload: { text: '<img src=x onerror="document.title=\'pwned\'"> and **bold** [x](javascript:alert(1))' } },
        ],
      });
    });
    const last = page.locator('#messages .agent-message').last();
    await last.locator('strong').waitFor();
    assert.equal(await page.locator('#messages img').count(), 0);
    assert.equal(await last.locator('a').count(), 0);
    assert.match(await last.innerText(), /<img src=x onerror=/);
    assert.notEqual(await page.title(), 'pwned');
  });

  it('reloading mid-turn redraws the same conversation: nothing duplicated, nothing missing', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${ORIGIN}/preview/preview.html`);
    await page.locator(allow).waitFor();
    const before = await page.locator('#messages .item').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-item-id')}|${e.textContent}`));
    await page.locator('#composer-input').fill('a draft kept across the reload');
    // The draft is saved with a 150 ms debounce: wait until the saved state holds it (the preview
    // keeps getState()/setState() in sessionStorage, as VS Code keeps them across reloads).
    await page.waitForFunction(
      (draft) => (JSON.parse(sessionStorage.getItem('preview.state') ?? 'null') as { draft?: string } | null)?.draft === draft,
      'a draft kept across the reload',
    );
    await page.reload();
    await page.locator(allow).waitFor();
    await page.locator('body[data-history="done"]').waitFor();
    const after = await page.locator('#messages .item').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-item-id')}|${e.textContent}`));
    assert.deepEqual(after, before);
    assert.equal(await page.locator('#composer-input').inputValue(), 'a draft kept across the reload');
  });

  it('an unsandboxed agent is said loudly in the header; a sandboxed one quietly', async () => {
    const fixture = JSON.parse(readFileSync(path.join(ROOT, 'test', 'webview', 'fixtures', 'demoSession.json'), 'utf8')) as Array<{ type: string; seq: number; payload: { session?: Record<string, unknown> } }>;
    const created = fixture.find((e) => e.type === 'session.created')!;
    const updated = (seq: number, isolation: { kind: string; detail: string }) => ({ ...created, seq, type: 'session.updated', payload: { session: { ...created.payload.session, isolation } } });
    const lastSeq = Math.max(...fixture.map((e) => e.seq));
    await page.evaluate((events) => (window as unknown as { __previewHost: { post(m: unknown): void } }).__previewHost.post({ type: 'events', events }), [
      updated(lastSeq + 1, { kind: 'none', detail: 'UNSANDBOXED: the agent can read and write anything this user can (bwrap is not installed)' }),
    ]);
    const warning = page.locator('#session-unsandboxed');
    await warning.waitFor();
    assert.match(await warning.innerText(), /UNSANDBOXED/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-unsandboxed-header.png') });
    await page.evaluate((events) => (window as unknown as { __previewHost: { post(m: unknown): void } }).__previewHost.post({ type: 'events', events }), [
      updated(lastSeq + 2, { kind: 'bwrap', detail: 'bubblewrap sandbox' }),
    ]);
    await warning.waitFor({ state: 'hidden' });
    assert.match(await page.locator('#session-meta').innerText(), /sandboxed/);
  });
});
