// `npm run test:vscode`: the extension in a real VS Code (code-server), two ways.
//  1. Integration tests inside the real extension host: a code-server started with
//     `--vscode-option enable-smoke-test-driver`, driven by Playwright with the test payload
//     (extensionDevelopmentPath = this repo, extensionTestsPath = the bundled mocha suite).
//  2. UI end-to-end in Chromium: a second code-server (without that flag, so notifications
//     show) with the packaged .vsix installed; test/vscode/ui/sessionFlow.e2e.ts clicks through,
//     then test/vscode/ui/reviewFlow.e2e.ts reviews a session's changes on the same instance,
//     then test/vscode/ui/desktopFlow.e2e.ts opens the computer container's desktop (needs Docker;
//     skips loudly without it, fails without it when SWITCHBOARD_REQUIRE_DOCKER=1), then
//     test/vscode/ui/settingsFlow.e2e.ts picks a model, runs a `/` command, reads the cost, answers
//     a form and logs an agent in, all from the chat, then test/vscode/ui/fleetFlow.e2e.ts sets
//     switchboard.maxAgents to 1 and shows setup progress, queued sessions and a session's ports,
//     then test/vscode/ui/eventsFlow.e2e.ts shows the Events view live and filtered, a turn's
//     artifacts as read-only documents, and Remove Project's refusal and preview.
// Each gets its own daemon state dir and demo repository in a temp dir; screenshots and logs
// land in test-artifacts/. Provisioning is cached (see lib/provision.mjs).
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildIntegrationSuite, createDemoRepo } from './lib/integrationSuite.mjs';
import { codeServerDirs, freePort, installExtension, startCodeServer, writeUserSettings } from './lib/codeServer.mjs';
import { packageExtension, repoRoot } from './lib/packageExtension.mjs';
import { cacheDir, ensureCodeServer, ensureSystemPrerequisites, run, step } from './lib/provision.mjs';
import { CHROMIUM } from './lib/systemPackages.mjs';

const artifacts = path.join(repoRoot, 'test-artifacts');
const only = process.argv[2]; // 'integration' | 'ui' | undefined (both)
const onlyFlow = process.argv[3]; // with 'ui': run only the UI flows whose file name contains it
const started = Date.now();


async function stopDaemon(stateDir) {
  if (!existsSync(path.join(stateDir, 'daemon.json'))) return;
  await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.cjs'), '--home', stateDir, 'daemon', 'stop'], { quiet: true }).catch(() => undefined);
}

async function integration(cs, work) {
  step('integration tests in the real extension host');
  const testsJs = await buildIntegrationSuite();
  const base = path.join(work, 'integration');
  const stateDir = path.join(base, 'switchboard-home');
  const repo = path.join(base, 'repo');
  createDemoRepo(repo);
  const dirs = codeServerDirs(path.join(base, 'code-server'));
  writeUserSettings(dirs);
  const results = path.join(artifacts, 'integration-results.txt');
  writeFileSync(results, '');
  const port = await freePort();
  const server = await startCodeServer(cs, dirs, {
    port,
    smokeTestDriver: true,
    env: { SWITCHBOARD_HOME: stateDir, SWITCHBOARD_TEST_RESULTS: results },
    logFile: path.join(artifacts, 'code-server-integration.log'),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      appendFileSync(path.join(artifacts, 'integration-host.log'), `[${type}] ${text}\n`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsJs)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(repo)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exit, new Promise((r) => setTimeout(() => r('timeout'), 5 * 60_000))]);
    await page.screenshot({ path: path.join(artifacts, 'integration-end.png') }).catch(() => undefined);
    process.stdout.write(readFileSync(results, 'utf8'));
    if (code !== 0) throw new Error(`integration tests failed (exit ${code}); see test-artifacts/integration-*.txt|log`);
  } finally {
    await browser.close();
    server.stop();
    await stopDaemon(stateDir);
  }
}

async function ui(cs, work, vsix) {
  step('UI end-to-end in Chromium');
  const base = path.join(work, 'ui');
  const stateDir = path.join(base, 'switchboard-home');
  const repo = path.join(base, 'repo');
  createDemoRepo(repo);
  // A second window opens this other folder: it must see the same daemon and sessions.
  const otherFolder = path.join(base, 'other-folder');
  mkdirSync(otherFolder, { recursive: true });
  const dirs = codeServerDirs(path.join(base, 'code-server'));
  await installExtension(cs, dirs, vsix);
  writeUserSettings(dirs, { 'switchboard.notifications.completed': 'notification' });
  const port = await freePort();
  const server = await startCodeServer(cs, dirs, {
    port,
    folder: repo,
    env: { SWITCHBOARD_HOME: stateDir },
    logFile: path.join(artifacts, 'code-server-ui.log'),
  });
  try {
    const uiEnv = {
      ...process.env,
      SB_URL: `${server.url}/?folder=${encodeURIComponent(repo)}`,
      SB_URL_OTHER: `${server.url}/?folder=${encodeURIComponent(otherFolder)}`,
      SB_STATE_DIR: stateDir,
      SB_REPO: repo,
      SB_ARTIFACTS: artifacts,
      SB_CHROMIUM: CHROMIUM,
    };
    // The later flows continue on the same code-server, daemon and project. A third argument
    // runs only the flows whose file name contains it (`npm run test:vscode ui settingsFlow`).
    const flows = ['sessionFlow.e2e.ts', 'reviewFlow.e2e.ts', 'desktopFlow.e2e.ts', 'settingsFlow.e2e.ts', 'fleetFlow.e2e.ts', 'eventsFlow.e2e.ts'].filter((f) => !onlyFlow || f.includes(onlyFlow));
    for (const flow of flows) {
      await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'vscode', 'ui', flow)], { cwd: repoRoot, env: uiEnv });
    }
  } finally {
    server.stop();
    await stopDaemon(stateDir);
  }
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

mkdirSync(artifacts, { recursive: true });
// Only what this script writes; other tests keep their own artifacts here too.
for (const stale of ['ui-failure.png', 'ui-review-failure.png', 'ui-desktop-failure.png', 'ui-settings-failure.png', 'ui-fleet-failure.png', 'ui-events-failure.png', 'integration-end.png', 'integration-host.log', 'integration-results.txt', 'code-server-integration.log', 'code-server-ui.log', 'daemon-logs-integration', 'daemon-logs-ui']) {
  rmSync(path.join(artifacts, stale), { recursive: true, force: true });
}
const work = mkdtempSync(path.join(tmpdir(), 'switchboard-vscode-'));
let failed = false;
try {
  // Chromium and (before code-server's first install) its build tools: one apt-get, or one command to run.
  await ensureSystemPrerequisites({ chromium: true }, cacheDir());
  const cs = await ensureCodeServer(cacheDir());
  const vsix = await packageExtension();
  if (only !== 'ui') await integration(cs, work);
  if (only !== 'integration') await ui(cs, work, vsix);
} catch (err) {
  failed = true;
  console.error(`\n✖ ${err instanceof Error ? err.message : String(err)}`);
  // Keep the daemons' logs of a failed run next to the screenshots.
  for (const kind of ['integration', 'ui']) {
    const logs = path.join(work, kind, 'switchboard-home', 'logs');
    if (existsSync(logs)) cpSync(logs, path.join(artifacts, `daemon-logs-${kind}`), { recursive: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`\ntest:vscode ${failed ? 'FAILED' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s (artifacts in test-artifacts/)\n`);
process.exit(failed ? 1 : 0);
