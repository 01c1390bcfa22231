// The system packages `npm start`, `npm run test:vscode` and `npm run test:vscode:desktop` need,
// in one place: which are missing, and either installing them (as root, or through passwordless
// sudo, where apt-get exists) or printing the one command that does. A package counts as present
// when the file or command the scripts actually use is there (a gssapi.h from elsewhere serves as
// well as libkrb5-dev's).
//
// The decision (`planInstall`) is pure over a probe, and `ensureSystemPackages` takes the probe and
// the command runner as arguments, so test/scripts/systemPackages.test.ts checks every branch
// without touching this machine's packages.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

/** Debian's Chromium, where its package puts it. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** The Chromium the VS Code tests drive: `$CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH || DEBIAN_CHROMIUM;

/** Each Debian package we may install, and what shows it is there. */
export const PACKAGES = {
  'libkrb5-dev': { file: '/usr/include/gssapi/gssapi.h' },
  'pkg-config': { command: 'pkg-config' },
  'g++': { command: 'g++' },
  make: { command: 'make' },
  python3: { command: 'python3' },
  chromium: { file: DEBIAN_CHROMIUM },
  xvfb: { command: 'Xvfb' },
};

/** What a script can need, with the packages it takes and the reason printed with them. */
export const NEEDS = {
  codeServerBuild: {
    why: "code-server's install compiles native modules (its kerberos module needs gssapi.h)",
    packages: ['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'],
  },
  chromium: { why: 'the VS Code tests drive code-server in Chromium', packages: ['chromium'] },
  virtualDisplay: { why: 'desktop VS Code needs a display, and without $DISPLAY it gets a virtual one', packages: ['xvfb'] },
};

// apt-get's words when it has no (or stale) package lists: an update, then one more try.
const LISTS_MISSING = /Unable to locate package|has no installation candidate|Failed to fetch|run apt-get update/i;

const APT_INSTALL = ['install', '-y', '--no-install-recommends'];

/**
 * What to do about `packages` on the machine `probe` describes:
 * `nothing` (all there), `install` (with `elevate` before each apt-get: [] as root, sudo -n
 * otherwise; `updateFirst` when there are no package lists), or `explain` (`command`: the one line
 * for a person to run, or null where there is no apt-get).
 */
export function planInstall(packages, probe) {
  const missing = packages.filter((p) => !probe.present(p));
  if (missing.length === 0) return { kind: 'nothing', missing };
  if (!probe.hasAptGet()) return { kind: 'explain', missing, command: null };
  const updateFirst = probe.aptListsEmpty();
  const elevate = probe.isRoot() ? [] : probe.passwordlessSudo() ? ['sudo', '-n'] : null;
  if (!elevate) {
    const install = `sudo apt-get ${[...APT_INSTALL, ...missing].join(' ')}`;
    return { kind: 'explain', missing, command: updateFirst ? `sudo apt-get update && ${install}` : install };
  }
  return { kind: 'install', missing, elevate, updateFirst };
}

/** The probe of this machine. */
export function systemProbe() {
  return {
    present: (pkg) => {
      const how = PACKAGES[pkg];
      if (!how) throw new Error(`unknown system package ${pkg}`);
      return how.file ? isFile(how.file) : onPath(how.command);
    },
    isRoot: () => process.getuid?.() === 0,
    passwordlessSudo: () => onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    hasAptGet: () => onPath('apt-get'),
    aptListsEmpty: () => {
      try {
        return !readdirSync('/var/lib/apt/lists').some((f) => f.includes('_Packages'));
      } catch {
        return true;
      }
    },
  };
}

function isFile(p) {
  try {
    accessSync(p, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Runs a command with its output shown as it comes (a package install must be visible) and kept
 * (to tell why apt-get failed). Resolves `{ code, output }`, never rejects (127: not startable).
 */
export function runCommand(argv) {
  return new Promise((resolve) => {
    let output = '';
    const keep = (d, to) => {
      to.write(d);
      output = (output + d).slice(-16_000);
    };
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => keep(d, process.stdout));
    child.stderr.on('data', (d) => keep(d, process.stderr));
    child.on('error', (err) => resolve({ code: 127, output: err.message }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Why the packages are wanted: the reasons of the needs that miss one of them. */
function reasons(needs, missing) {
  return needs.filter((n) => NEEDS[n].packages.some((p) => missing.includes(p))).map((n) => NEEDS[n].why).join('; ');
}

/** A person must act: the error says what is missing, why, and the one command to run. */
function explanation(plan, why) {
  const head = `missing system packages: ${plan.missing.join(' ')} — ${why}.`;
  if (!plan.command) return `${head}\n  There is no apt-get here: install them (Debian/Ubuntu names) with this system's package manager, then run this again.`;
  return `${head}\n  Install them (this needs root), then run this again:\n\n    ${plan.command}\n`;
}

/**
 * Makes sure the packages of `needs` (keys of NEEDS) are there: installs the missing ones when it
 * can, printing what it does, else throws an Error whose message is the one command to run.
 * Resolves with the packages it installed.
 */
export async function ensureSystemPackages(needs, { probe = systemProbe(), runner = runCommand, print = (l) => process.stdout.write(`${l}\n`) } = {}) {
  const wanted = [...new Set(needs.flatMap((n) => NEEDS[n].packages))];
  const plan = planInstall(wanted, probe);
  if (plan.kind === 'nothing') return [];
  const why = reasons(needs, plan.missing);
  if (plan.kind === 'explain') throw new Error(explanation(plan, why));

  const apt = (...args) => [...plan.elevate, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const step = async (argv) => {
    print(`$ ${argv.join(' ')}`);
    return runner(argv);
  };
  print(`\n▶ installing system packages ${plan.missing.join(' ')} — ${why}`);
  if (plan.updateFirst) mustSucceed(await step(apt('update')), 'apt-get update');
  let result = await step(apt(...APT_INSTALL, ...plan.missing));
  if (result.code !== 0 && !plan.updateFirst && LISTS_MISSING.test(result.output)) {
    print('apt-get has no current package lists: updating them, then installing again');
    mustSucceed(await step(apt('update')), 'apt-get update');
    result = await step(apt(...APT_INSTALL, ...plan.missing));
  }
  mustSucceed(result, `apt-get install ${plan.missing.join(' ')}`);
  const still = plan.missing.filter((p) => !probe.present(p));
  if (still.length > 0) throw new Error(`apt-get installed ${plan.missing.join(' ')}, yet ${still.join(' ')} is still not there (${still.map((p) => PACKAGES[p].file ?? PACKAGES[p].command).join(', ')})`);
  return plan.missing;
}

function mustSucceed(result, what) {
  if (result.code === 0) return;
  const tail = result.output.trim().split('\n').slice(-5).join('\n  ');
  throw new Error(`${what} failed (exit ${result.code})${tail ? `:\n  ${tail}` : ''}`);
}
