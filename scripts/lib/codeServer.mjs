// Running code-server (a real VS Code, in the browser) for `npm start` and the tests: its own
// user-data, extensions and XDG dirs under one base dir, bound to 127.0.0.1, stopped by process
// group. It runs on Node 24; PATH keeps the caller's Node first, because that is the Node the
// extension spawns the daemon with (its native SQLite module is built for it).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { run } from './provision.mjs';

export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function codeServerDirs(base) {
  const dirs = {
    base,
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
    xdg: path.join(base, 'xdg'),
    tmp: path.join(base, 'tmp'),
    config: path.join(base, 'config.yaml'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdg, dirs.tmp, path.join(dirs.userData, 'User')]) mkdirSync(d, { recursive: true });
  writeFileSync(dirs.config, 'auth: none\n');
  return dirs;
}

export function writeUserSettings(dirs, extra = {}) {
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}

function envFor(dirs, extraEnv = {}) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    TMPDIR: dirs.tmp,
    ...extraEnv,
  };
}

function baseArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

export async function installExtension({ node24, entry }, dirs, vsix) {
  await run(path.join(node24, 'bin', 'node'), [entry, ...baseArgs(dirs), '--install-extension', vsix, '--force'], {
    env: envFor(dirs),
    quiet: true,
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server in its own process group and resolves once /healthz answers.
 * `smokeTestDriver`: the flag the integration payload needs (it also hides notifications).
 */
export async function startCodeServer({ node24, entry }, dirs, { port, folder, env = {}, smokeTestDriver = false, logFile }) {
  const args = [
    entry,
    ...baseArgs(dirs),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '5',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(folder ? [folder] : []),
  ];
  const { openSync } = await import('node:fs');
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(path.join(node24, 'bin', 'node'), args, { detached: true, stdio: ['ignore', out, out], env: envFor(dirs, env) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode})${logFile ? `; see ${logFile}` : ''}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    child,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
