// `npm run test:vscode:desktop`: the integration suite of `npm run test:vscode`
// (test/vscode/integration/, the same bundle and the same `run()`) in desktop VS Code, through
// @vscode/test-electron's `runTests`. Not part of `npm test` or .ci/run: code-server stays the
// suite CI runs; this one is for a machine with desktop VS Code.
//
// Which VS Code: `$VSCODE_EXECUTABLE_PATH` when set; otherwise one is downloaded (once, into
// <cache>/vscode-desktop, the cache of lib/provision.mjs) — only because this script was asked to
// run, with a short idle timeout, and a failure is one line saying how to provide one. Without
// $DISPLAY on Linux it runs on Xvfb (a system package, see lib/systemPackages.mjs).
// The daemon state dir, the test repository and VS Code's profile live in a temp dir; the results
// land in test-artifacts/desktop-integration-results.txt.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { download, runTests } from '@vscode/test-electron';
import { buildIntegrationSuite, createDemoRepo } from './lib/integrationSuite.mjs';
import { QUIET_SETTINGS } from './lib/codeServer.mjs';
import { repoRoot } from './lib/packageExtension.mjs';
import { cacheDir, run, step } from './lib/provision.mjs';
import { ensureSystemPackages } from './lib/systemPackages.mjs';

const artifacts = path.join(repoRoot, 'test-artifacts');
/** Idle time after which a download attempt gives up (offline, it fails well before). */
const DOWNLOAD_IDLE_TIMEOUT_MS = 10_000;

/** A failure that is its own one-line explanation (no stack, no "failed:" prefix). */
class OneLine extends Error {}

function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The VS Code to run: the one named by $VSCODE_EXECUTABLE_PATH, else a downloaded one. */
async function desktopVsCode() {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!isExecutable(given)) throw new OneLine(`VSCODE_EXECUTABLE_PATH=${given} is not an executable file: point it at a desktop VS Code (its \`code\` binary)`);
    return given;
  }
  let lastError;
  const reporter = {
    report(r) {
      // Said only once a download really starts: offline, the failure line is all there is.
      if (r.stage === 'resolvingCDNLocation') step(`downloading desktop VS Code into ${path.join(cacheDir(), 'vscode-desktop')} (once)`);
      if (r.stage === 'retrying') lastError = r.error;
    },
    error(err) {
      lastError = err;
    },
  };
  try {
    return await download({ cachePath: path.join(cacheDir(), 'vscode-desktop'), extensionDevelopmentPath: repoRoot, timeout: DOWNLOAD_IDLE_TIMEOUT_MS, reporter });
  } catch (err) {
    const why = [err, lastError].filter(Boolean).map((e) => (e instanceof Error ? e.message : String(e))).join(': ');
    throw new OneLine(
      `no desktop VS Code is available: downloading one failed (${why.replace(/\s+/g, ' ')}); set VSCODE_EXECUTABLE_PATH to a desktop VS Code executable to run the suite on it`,
    );
  }
}

/** $DISPLAY, else an Xvfb of our own (installed, or explained, through systemPackages.mjs). */
async function display() {
  if (process.platform !== 'linux' || process.env.DISPLAY) return { env: {}, stop() {} };
  await ensureSystemPackages(['virtualDisplay']);
  let n = 99;
  while (existsSync(`/tmp/.X${n}-lock`)) n++;
  const xvfb = spawn('Xvfb', [`:${n}`, '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${n}`)) {
    if (xvfb.exitCode !== null || Date.now() > deadline) throw new Error(`Xvfb :${n} did not start`);
    await new Promise((r) => setTimeout(r, 50)); // polling interval for the socket
  }
  return { env: { DISPLAY: `:${n}` }, stop: () => xvfb.kill() };
}

/** The bundle `npm run test:vscode` runs in code-server's extension host (see testVscode.mjs). */
async function buildSuite() {
  step('building the bundles and the integration suite');
  await run(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot });
  return buildIntegrationSuite();
}


async function runSuite(vscode, work, screen) {
  const testsJs = await buildSuite();
  const stateDir = path.join(work, 'switchboard-home');
  const repo = path.join(work, 'repo');
  createDemoRepo(repo);
  const userData = path.join(work, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  // The daemon runs on this Node: the one `npm install` built the native SQLite module for.
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, 'switchboard.daemon.nodePath': process.execPath }, null, 2));
  const results = path.join(artifacts, 'desktop-integration-results.txt');
  writeFileSync(results, '');
  step(`integration tests in desktop VS Code (${vscode})`);
  try {
    await runTests({
      vscodeExecutablePath: vscode,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsJs,
      extensionTestsEnv: { SWITCHBOARD_HOME: stateDir, SWITCHBOARD_TEST_RESULTS: results, ...screen.env },
      launchArgs: [repo, '--user-data-dir', userData, '--extensions-dir', path.join(work, 'extensions'), '--disable-extensions', '--disable-telemetry'],
    });
  } finally {
    process.stdout.write(readFileSync(results, 'utf8'));
    if (existsSync(path.join(stateDir, 'daemon.json'))) {
      await run(process.execPath, [path.join(repoRoot, 'dist', 'cli.cjs'), '--home', stateDir, 'daemon', 'stop'], { quiet: true }).catch(() => undefined);
    }
  }
  // A VS Code that exits 0 without running the suite (a wrong executable) is no pass.
  if (!/^# [1-9]\d* passing, 0 failing$/m.test(readFileSync(results, 'utf8'))) {
    throw new Error(`VS Code exited without the suite's summary in ${path.relative(repoRoot, results)}: did ${vscode} run the tests?`);
  }
}

const started = Date.now();
mkdirSync(artifacts, { recursive: true });
let failed = false;
let work;
let screen;
try {
  const vscode = await desktopVsCode();
  screen = await display();
  work = mkdtempSync(path.join(tmpdir(), 'switchboard-desktop-'));
  await runSuite(vscode, work, screen);
} catch (err) {
  failed = true;
  console.error(err instanceof OneLine ? `✖ test:vscode:desktop: ${err.message}` : `\n✖ ${err instanceof Error ? err.message : String(err)}`);
} finally {
  screen?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}
if (failed && !work) process.exit(1); // nothing ran: the one line above says why
process.stdout.write(`\ntest:vscode:desktop ${failed ? 'FAILED' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(failed ? 1 : 0);
