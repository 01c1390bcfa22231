// Events, artifacts and project management in a real VS Code (code-server) in Chromium (issue
// 12), as a person sees them: a repository added with Add Project… (the folder picker), renamed
// and given another default branch from the project's menu; the Events section fills live as a
// demo session (started from the CLI, as another client would) runs, newest first; Filter
// Events… narrows it to that session and to turn events, which the section's title says; under
// the session, Artifacts → Turn 1 → diff opens a read-only Diff document served by the daemon,
// and the transcript a Markdown one;
// Remove Project… refuses, naming it, while a session waits for a person, then shows exactly
// what goes (sessions, worktrees, branches) and that the repository stays, and removes it.
// Runs after the other flows on the same code-server and daemon, or alone
// (`npm run test:vscode ui eventsFlow`). Screenshots go to $SB_ARTIFACTS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { cli, launchChromium, log, openSwitchboard, runCommand, shot } from './workbench.js';

interface SessionJson {
  id: string;
  shortId: string;
  state: string;
  worktreePath: string | null;
  branch: string | null;
}

const PROMPT = 'Add a greeting file for the events flow';
const WAITING = 'Wait for me in the events flow';
const README = '# events app\n';
const NAME = 'Events App';

/** A pane of the Switchboard view by its title. */
function pane(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }) }).first();
}

function rows(p: Locator): Locator {
  return p.locator('.monaco-list-row');
}

/** Polls a CLI answer until `ok` holds (the daemon's state, not a fixed sleep). */
async function untilCli<T>(what: string, read: () => T, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const sessionOf = (id: string) => JSON.parse(cli('sessions', 'show', id, '--json')) as SessionJson;

/** A fresh repository with a `develop` branch, so the flow runs alone or after the others. */
function eventsRepo(): string {
  const repo = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'sb-events-'))), 'events-app');
  mkdirSync(repo, { recursive: true });
  writeFileSync(path.join(repo, 'README.md'), README);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Switchboard Test', '-c', 'user.email=test@switchboard.invalid', 'commit', '-q', '-m', 'init');
  git('branch', 'develop');
  return repo;
}

interface ProjectJson {
  slug: string;
  name: string;
  repoPath: string;
  defaultBranch: string;
}

const projectAt = (repo: string) => (JSON.parse(cli('projects', 'list', '--json')).projects as ProjectJson[]).find((p) => p.repoPath === repo);

/** A project's row in the Sessions view, right-clicked, and one of its context-menu items chosen. */
async function projectMenu(page: Page, name: string, item: string): Promise<void> {
  await rows(pane(page, 'Sessions')).filter({ hasText: new RegExp(`^${name}`) }).first().click({ button: 'right' });
  // Chosen with the keyboard, as a mouse click can land while the menu is still being placed.
  const items = page.locator('.context-view .monaco-menu .action-item:not(.disabled) .action-label:not(.separator)');
  await items.first().waitFor({ timeout: 15_000 });
  const labels = (await items.allInnerTexts()).map((l) => l.trim());
  const at = labels.indexOf(item);
  assert.ok(at >= 0, `"${item}" in the menu (${labels.join(', ')})`);
  for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: item }).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
}

/** Add Project… from the palette, the folder chosen with the folder picker. */
async function addProject(page: Page): Promise<{ slug: string; repo: string }> {
  log('Add Project… with the folder picker');
  const repo = eventsRepo();
  await runCommand(page, 'Switchboard: Add Project…');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // Open folders not yet registered are offered first (the folder picker behind Browse…); with
  // none (after the other flows registered this window's folder) the folder picker comes at once.
  const browse = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Browse…' }).first();
  const ok = page.locator('.quick-input-widget .monaco-button', { hasText: 'Add Project' }).first();
  await browse.or(ok).first().waitFor({ timeout: 15_000 });
  if (await browse.isVisible()) await browse.click();
  // code-server's folder picker is a path box over the folders in it (this window's folder, a git
  // repository, first): once it has listed that one, type ours (a trailing slash goes into it), OK.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '.git' }).first().waitFor({ timeout: 15_000 });
  await input.fill(`${repo}/`);
  await shot(page, 'events-0-add-project-picker.png');
  assert.equal(await input.inputValue(), `${repo}/`);
  await ok.click();
  const added = await untilCli('the project to be registered', () => projectAt(repo), (p) => p !== undefined);
  return { slug: added!.slug, repo };
}

/** Rename Project… and Set Default Branch… from the project's menu (it shows once it has a session). */
async function renameAndRebase(page: Page, repo: string): Promise<void> {
  log('Rename Project… and Set Default Branch… from the project menu');
  const added = projectAt(repo)!;
  const input = page.locator('.quick-input-widget input');
  await runCommand(page, 'View: Close All Editors');
  await projectMenu(page, 'events-app', 'Rename Project…');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(NAME);
  await page.keyboard.press('Enter');
  await rows(pane(page, 'Sessions')).filter({ hasText: new RegExp(`^${NAME}`) }).first().waitFor({ timeout: 30_000 });

  await projectMenu(page, NAME, 'Set Default Branch…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'default now' }).filter({ hasText: 'main' }).first().waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^\s*develop/ }).first().click();
  const project = await untilCli('the default branch to be develop', () => projectAt(repo)!, (p) => p.defaultBranch === 'develop');
  assert.deepEqual([project.slug, project.name], [added.slug, NAME], 'renamed, the slug kept');
  // The Events section saw both changes.
  await rows(pane(page, 'Events')).filter({ hasText: 'project.updated' }).filter({ hasText: `${NAME} — ${added.slug}, default branch develop` }).first().waitFor({ timeout: 15_000 });
  await shot(page, 'events-2-project-renamed.png');
}

/**
 * Expands the Events pane (it starts collapsed) and gives it the lower part of the side bar: its
 * list draws only the rows that fit, and the screenshots should show a good many.
 */
async function expandEvents(page: Page): Promise<Locator> {
  const p = pane(page, 'Events');
  const header = p.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await p.locator('.pane-body').waitFor({ timeout: 15_000 });
  // The sash right above the Events header, dragged up: Sessions gives Events its room. Measured
  // again each time, as the panes settle after the expansion.
  for (let attempt = 0; attempt < 5 && (await header.boundingBox())!.y > 400; attempt++) {
    const top = (await header.boundingBox())!.y;
    let best: { x: number; y: number } | null = null;
    for (const box of await Promise.all((await page.locator('.part.sidebar .monaco-sash.horizontal').all()).map((s) => s.boundingBox()))) {
      if (box && box.height > 0 && Math.abs(box.y - top) < 12 && (!best || Math.abs(box.y - top) < Math.abs(best.y - top))) best = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    if (!best) {
      await page.waitForTimeout(250); // the layout is still moving: look again (a wait for a repaint, not for an outcome)
      continue;
    }
    await page.mouse.move(best.x, best.y);
    await page.mouse.down();
    await page.mouse.move(best.x, 330, { steps: 8 });
    await page.mouse.up();
  }
  return p;
}

/** Picks a quick pick row by its label (the filter input narrows the list first). */
async function pickRow(page: Page, filter: string, label: string | RegExp): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(filter);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

async function liveEvents(page: Page, slug: string): Promise<{ events: Locator; session: SessionJson }> {
  log('the Events section, opened before the session starts, fills live as a demo session runs');
  const events = await expandEvents(page);
  const sent = JSON.parse(cli('send', 'demo', 'implement', slug, '--prompt', PROMPT, '--policy', 'allow-all', '--json')) as { session: SessionJson };
  const session = sent.session;
  await rows(events).filter({ hasText: 'turn.ended' }).filter({ hasText: session.shortId }).first().waitFor({ timeout: 60_000 });
  await untilCli('the session to complete', () => sessionOf(session.id), (s) => s.state === 'completed');
  // The list draws the rows that fit: the newest, which the turn's end wrote.
  for (const type of ['artifact.created', 'review.checkpoint_created', 'session.state_changed']) {
    await rows(events).filter({ hasText: type }).filter({ hasText: session.shortId }).first().waitFor({ timeout: 15_000 });
  }
  // Newest first: what the turn's end wrote is listed above the turn's end.
  const labels = await rows(events).allInnerTexts();
  const ended = labels.findIndex((l) => l.includes('turn.ended') && l.includes(session.shortId));
  const artifact = labels.findIndex((l) => l.includes('artifact.created') && l.includes(session.shortId));
  assert.ok(artifact >= 0 && ended > artifact, `artifact.created (${artifact}) is listed above turn.ended (${ended})`);
  await shot(page, 'events-1-live.png');
  return { events, session: sessionOf(session.id) };
}

async function filterEvents(page: Page, events: Locator, session: SessionJson): Promise<void> {
  log('Filter Events…: this session, then only turn events; the title says so');
  await runCommand(page, 'Switchboard: Filter Events…');
  await pickRow(page, 'Session', /Session/);
  await pickRow(page, session.shortId, PROMPT);
  await events.locator('.pane-header', { hasText: `session ${session.shortId}` }).waitFor({ timeout: 15_000 });
  await runCommand(page, 'Switchboard: Filter Events…');
  await pickRow(page, 'Event Types', /Event Types/);
  const input = page.locator('.quick-input-widget input');
  await input.fill('turn.');
  // In a multi-select pick a click on a row toggles its checkbox; OK takes what is checked.
  for (const type of ['turn.started', 'turn.ended']) {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^\\s*${type.replace('.', '\\.')}`) }).first().click();
  }
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
  const header = events.locator('.pane-header', { hasText: `session ${session.shortId} · 2 types` });
  await header.waitFor({ timeout: 15_000 });
  await untilRowsAre(events, (labels) => labels.length === 2 && labels.every((l) => /turn\.(started|ended)/.test(l) && l.includes(session.shortId)));
  await shot(page, 'events-3-filtered.png');
}

/** Waits until the pane's rows read as `ok` wants (the list re-renders after a filter). */
async function untilRowsAre(p: Locator, ok: (labels: string[]) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  let labels: string[] = [];
  while (Date.now() < deadline) {
    labels = await rows(p).allInnerTexts();
    if (ok(labels)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the rows never matched; last: ${JSON.stringify(labels)}`);
}

async function openArtifacts(page: Page, session: SessionJson): Promise<void> {
  log("under the session: Artifacts → Turn 1 → diff opens read-only as a Diff document, the transcript as Markdown");
  await runCommand(page, 'View: Close All Editors');
  const sessions = pane(page, 'Sessions');
  const sessionRow = rows(sessions).filter({ hasText: PROMPT }).first();
  await sessionRow.waitFor({ timeout: 30_000 });
  if ((await sessionRow.getAttribute('aria-expanded')) !== 'true') await sessionRow.locator('.monaco-tl-twistie').click();
  const group = rows(sessions).filter({ hasText: /^Artifacts/ }).first();
  await group.waitFor({ timeout: 30_000 });
  await group.click();
  await rows(sessions).filter({ hasText: /^Turn 1/ }).filter({ hasText: 'transcript · plan · diff' }).first().waitFor({ timeout: 30_000 });
  const diffRow = rows(sessions).filter({ hasText: /^diff/ }).filter({ hasText: 'turn-1-diff.patch' }).first();
  await diffRow.click();
  await page.locator('.tabs-container .tab', { hasText: 'turn-1-diff.patch' }).first().waitFor({ timeout: 30_000 });
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: '+++ b/' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: /^Diff$/ }).first().waitFor({ timeout: 15_000 });
  // Read-only: typing changes nothing (a content provider's documents cannot be edited).
  const before = await editor.locator('.view-lines').innerText();
  await editor.locator('.view-line').first().click();
  await page.keyboard.type('edited?');
  assert.equal(await editor.locator('.view-lines').innerText(), before, 'the artifact cannot be edited');
  await shot(page, 'events-4-artifact-diff.png');

  await rows(sessions).filter({ hasText: /^transcript/ }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'turn-1-transcript.md' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: /^Markdown$/ }).first().waitFor({ timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-line', { hasText: PROMPT }).first().waitFor({ timeout: 15_000 });
  await shot(page, 'events-5-artifact-transcript.png');
  assert.ok(session.worktreePath && existsSync(session.worktreePath));
}

/** Right-click on the project and choose Remove Project…; the modal that comes up. */
async function removeFromMenu(page: Page): Promise<Locator> {
  await runCommand(page, 'View: Close All Editors');
  await projectMenu(page, NAME, 'Remove Project…');
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ timeout: 15_000 });
  return dialog;
}

async function removeProject(page: Page, slug: string, repo: string, done: SessionJson): Promise<void> {
  log('Remove Project… while a session waits for a person: refused, naming it');
  const waiting = (JSON.parse(cli('send', 'demo', 'implement', slug, '--prompt', WAITING, '--json')) as { session: SessionJson }).session;
  await untilCli('the second session to wait for a person', () => sessionOf(waiting.id), (s) => s.state === 'waiting_for_user');
  let dialog = await removeFromMenu(page);
  await dialog.getByText(`"${NAME}" cannot be removed yet`).waitFor({ timeout: 15_000 });
  assert.match(await dialog.innerText(), new RegExp(`${waiting.shortId} waiting for user — ${WAITING}`));
  await shot(page, 'events-6-remove-refused.png');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

  log('stopped, it can go: the modal lists exactly what goes and says the repository stays');
  cli('stop', waiting.id);
  const stopped = sessionOf(waiting.id);
  dialog = await removeFromMenu(page);
  await dialog.getByText(`Remove the project "${NAME}" from Switchboard?`).waitFor({ timeout: 15_000 });
  const text = await dialog.innerText();
  assert.ok(text.includes(`The repository stays untouched: ${repo}`), text);
  assert.ok(text.includes('Sessions (2), with their events, artifacts and logs:'), text);
  for (const s of [done, stopped]) {
    assert.ok(text.includes(s.worktreePath!), `${s.worktreePath} listed`);
    assert.ok(text.includes(s.branch!), `${s.branch} listed`);
  }
  await shot(page, 'events-7-remove-preview.png');
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Remove with Branches' }).click();

  await rows(pane(page, 'Sessions')).filter({ hasText: new RegExp(`^${NAME}`) }).first().waitFor({ state: 'detached', timeout: 30_000 });
  const projects = JSON.parse(cli('projects', 'list', '--json')).projects as { slug: string }[];
  assert.ok(!projects.some((p) => p.slug === slug), 'the project is gone');
  for (const s of [done, stopped]) assert.ok(!existsSync(s.worktreePath!), `${s.worktreePath} removed`);
  assert.equal(readFileSync(path.join(repo, 'README.md'), 'utf8'), README, 'the repository stays');
  const branches = execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/'], { encoding: 'utf8' }).trim();
  assert.equal(branches, 'develop\nmain', 'the session branches went, the user’s stayed');

  log('the Events section, its filter cleared, shows the removal');
  await runCommand(page, 'Switchboard: Clear Events Filter');
  const events = pane(page, 'Events');
  await rows(events).filter({ hasText: 'project.removed' }).filter({ hasText: `${NAME}: 2 session(s) removed` }).first().waitFor({ timeout: 30_000 });
  await shot(page, 'events-8-removed.png');
}

const started = Date.now();
const context = await launchChromium();
const page = context.pages()[0] ?? (await context.newPage());
try {
  await openSwitchboard(page);
  const { slug, repo } = await addProject(page);
  const { events, session } = await liveEvents(page, slug);
  await renameAndRebase(page, repo);
  await filterEvents(page, events, session);
  await openArtifacts(page, session);
  await removeProject(page, slug, repo, session);
  log(`events end-to-end passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (err) {
  await shot(page, 'ui-events-failure.png').catch(() => undefined);
  throw err;
} finally {
  await context.close();
}
