// `npm start`: from a fresh clone (after `npm install`) to a real VS Code in the browser with the
// packaged extension installed, its daemon running and a demo git repository registered as a
// project. Provisioning (Node 24 + code-server) happens once, with visible progress, into a
// cache dir (`$SWITCHBOARD_CACHE`, else ~/.cache/switchboard) and is reused afterwards.
//
// Everything of this demo lives under <cache>/start: the daemon's state dir, the demo repository
// and code-server's profile, so it never touches ~/.switchboard or your VS Code settings.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codeServerDirs, freePort, installExtension, startCodeServer, writeUserSettings } from './lib/codeServer.mjs';
import { packageExtension, repoRoot } from './lib/packageExtension.mjs';
import { cacheDir, ensureCodeServer, run, step } from './lib/provision.mjs';

if (!existsSync(path.join(repoRoot, 'node_modules', 'better-sqlite3'))) {
  console.error('Run `npm install` first.');
  process.exit(1);
}

const cache = cacheDir();
const base = path.join(cache, 'start');
const stateDir = path.join(base, 'switchboard-home');
const demoRepo = path.join(base, 'demo-repo');
mkdirSync(base, { recursive: true });

try {
  step('provisioning a real VS Code (code-server) — reused when already there');
  const cs = await ensureCodeServer(cache);

  const vsix = await packageExtension();
  const dirs = codeServerDirs(path.join(base, 'code-server'));
  step('installing the packaged extension into code-server');
  await installExtension(cs, dirs, vsix);
  const installed = readdirSync(dirs.extensions).find((d) => d.startsWith('agent-switchboard.agent-switchboard-'));
  if (!installed) throw new Error(`the extension is not in ${dirs.extensions} after installing it`);
  const extDir = path.join(dirs.extensions, installed);

  step(`a demo git repository at ${demoRepo}`);
  createDemoRepo(demoRepo);

  // The installed extension's own CLI and daemon: this proves the packaged daemon (and its
  // native SQLite module) starts. A daemon left by an earlier run is replaced by this build.
  const cli = (args) => run(process.execPath, [path.join(extDir, 'dist', 'cli.cjs'), '--home', stateDir, ...args], { quiet: true });
  step(`starting the packaged daemon (state dir ${stateDir})`);
  await cli(['daemon', 'stop']).catch(() => undefined);
  process.stdout.write(await cli(['daemon', 'start']));
  await cli(['projects', 'add', demoRepo, '--slug', 'demo-repo']).then(
    (out) => process.stdout.write(out),
    (err) => {
      if (!/already|conflict|exists/i.test(String(err))) throw err;
      process.stdout.write('demo-repo is already registered\n');
    },
  );

  writeUserSettings(dirs, {
    // The daemon of this demo; the extension finds it through <stateDir>/daemon.json.
    'switchboard.stateDir': stateDir,
    // The Node that built the native SQLite module is the one that can load it.
    'switchboard.daemon.nodePath': process.execPath,
    'switchboard.defaultAgent': 'demo',
  });
  const port = Number(process.env.PORT) || (await freePort());
  step('launching code-server');
  const server = await startCodeServer(cs, dirs, {
    port,
    folder: demoRepo,
    env: { SWITCHBOARD_HOME: stateDir },
    logFile: path.join(base, 'code-server.log'),
  });
  const url = `${server.url}/?folder=${encodeURIComponent(demoRepo)}`;
  process.stdout.write(
    `\n✅ Agent Switchboard is running in VS Code:\n\n    ${url}\n\n` +
      'Open the Switchboard view in the activity bar, then "Start Session" (agent: demo, any prompt).\n' +
      `code-server log: ${path.join(base, 'code-server.log')}\n` +
      `Stop with Ctrl+C (the daemon keeps running; stop it with: node dist/cli.cjs --home ${stateDir} daemon stop)\n`,
  );
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    process.stdout.write(`code-server exited (${code})\n`);
    process.exit(code ?? 0);
  });
} catch (err) {
  console.error(`\n✖ npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

function createDemoRepo(dir) {
  if (existsSync(path.join(dir, '.git'))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'README.md'), '# Demo repository\n\nAgents started from Switchboard work on this repository, each in its own worktree.\n');
  writeFileSync(path.join(dir, 'greet.js'), "export function greet(name) {\n  return `Hello, ${name}!`;\n}\n");
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=Switchboard Demo', '-c', 'user.email=demo@switchboard.invalid', 'commit', '-q', '-m', 'Initial commit');
}
