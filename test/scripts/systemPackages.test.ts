// What `npm start` and `npm run test:vscode` do about missing system packages
// (scripts/lib/systemPackages.mjs): nothing when all are there; one apt-get install of exactly the
// missing ones as root or through passwordless sudo, printed; an apt-get update only when there are
// no package lists or the install says it lacks them; otherwise the one command for a person to
// run. The machine is described by a probe and apt-get is played by a runner that records what it
// is asked to run, so no package of this machine is touched; the last test runs the real probe
// and runner on the "nothing missing" path.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT } from '../support/daemonHarness.js';

const MODULE = path.join(ROOT, 'scripts', 'lib', 'systemPackages.mjs');

interface Probe {
  present(pkg: string): boolean;
  isRoot(): boolean;
  passwordlessSudo(): boolean;
  hasAptGet(): boolean;
  aptListsEmpty(): boolean;
}
type Runner = (argv: string[]) => Promise<{ code: number; output: string }>;
interface SystemPackagesModule {
  NEEDS: Record<string, { why: string; packages: string[] }>;
  systemProbe(): Probe;
  ensureSystemPackages(needs: string[], opts?: { probe?: Probe; runner?: Runner; print?: (line: string) => void }): Promise<string[]>;
}

const BUILD = ['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'];

/** A machine: which packages are there, who we are, whether apt-get and its lists exist. */
function machine(opts: { present?: string[]; root?: boolean; sudo?: boolean; apt?: boolean; listsEmpty?: boolean } = {}) {
  const present = new Set(opts.present ?? [...BUILD, 'chromium']);
  const asked: string[] = [];
  const probe: Probe = {
    present: (p) => present.has(p),
    isRoot: () => (asked.push('root'), opts.root ?? true),
    passwordlessSudo: () => (asked.push('sudo'), opts.sudo ?? false),
    hasAptGet: () => opts.apt ?? true,
    aptListsEmpty: () => opts.listsEmpty ?? false,
  };
  return { present, probe, asked };
}

/**
 * apt-get as a script of answers, one per call, recording each command. An install that
 * succeeds puts its packages in place (unless `installsNothing`), as the real one does.
 */
function apt(present: Set<string>, answers: { code: number; output?: string }[], opts: { installsNothing?: boolean } = {}) {
  const ran: string[] = [];
  const runner: Runner = async (argv) => {
    ran.push(argv.join(' '));
    const answer = answers.shift() ?? { code: 0 };
    const i = argv.indexOf('--no-install-recommends');
    if (answer.code === 0 && i >= 0 && !opts.installsNothing) for (const p of argv.slice(i + 1)) present.add(p);
    return { code: answer.code, output: answer.output ?? '' };
  };
  return { runner, ran };
}

const APT = 'env DEBIAN_FRONTEND=noninteractive apt-get';

describe('system packages for npm start and test:vscode', () => {
  let sp: SystemPackagesModule;
  before(async () => {
    sp = (await import(pathToFileURL(MODULE).href)) as SystemPackagesModule;
  });

  async function ensure(needs: string[], m: ReturnType<typeof machine>, runner: Runner) {
    const printed: string[] = [];
    const installed = await sp.ensureSystemPackages(needs, { probe: m.probe, runner, print: (l) => printed.push(l) });
    return { installed, printed };
  }

  it('does nothing, and asks nobody, when every package is there', async () => {
    const m = machine({ root: false });
    const a = apt(m.present, []);
    const r = await ensure(['codeServerBuild', 'chromium'], m, a.runner);
    assert.deepEqual(r, { installed: [], printed: [] });
    assert.deepEqual(a.ran, []);
    assert.deepEqual(m.asked, [], 'no root or sudo probe when nothing is missing');
  });

  it('as root installs exactly the missing ones in one apt-get, saying what it does', async () => {
    const m = machine({ present: ['g++', 'make', 'python3'] });
    const a = apt(m.present, [{ code: 0 }]);
    const r = await ensure(['codeServerBuild', 'chromium'], m, a.runner);
    assert.deepEqual(r.installed, ['libkrb5-dev', 'pkg-config', 'chromium']);
    assert.deepEqual(a.ran, [`${APT} install -y --no-install-recommends libkrb5-dev pkg-config chromium`]);
    assert.deepEqual(m.asked, ['root'], 'root needs no sudo');
    const said = r.printed.join('\n');
    assert.match(said, /installing system packages libkrb5-dev pkg-config chromium — code-server's install compiles native modules.*; the VS Code tests drive code-server in Chromium$/m);
    assert.ok(said.includes(`$ ${a.ran[0]}`), 'the command is printed before it runs');
  });

  it('names only the reasons of what is missing', async () => {
    const m = machine({ present: BUILD });
    const a = apt(m.present, [{ code: 0 }]);
    const r = await ensure(['codeServerBuild', 'chromium'], m, a.runner);
    assert.deepEqual(r.installed, ['chromium']);
    assert.doesNotMatch(r.printed.join('\n'), /code-server's install/);
  });

  it('not root but with passwordless sudo: the same install through sudo -n', async () => {
    const m = machine({ present: BUILD, root: false, sudo: true });
    const a = apt(m.present, [{ code: 0 }]);
    const r = await ensure(['chromium'], m, a.runner);
    assert.deepEqual(r.installed, ['chromium']);
    assert.deepEqual(a.ran, [`sudo -n ${APT} install -y --no-install-recommends chromium`]);
    assert.deepEqual(m.asked, ['root', 'sudo']);
  });

  it('without root or passwordless sudo: runs nothing and fails with the one command to run', async () => {
    const m = machine({ present: ['g++', 'make', 'python3', 'pkg-config'], root: false, sudo: false });
    const a = apt(m.present, []);
    await assert.rejects(ensure(['codeServerBuild', 'chromium'], m, a.runner), (err: Error) => {
      assert.match(err.message, /^missing system packages: libkrb5-dev chromium — code-server's install/);
      const commands = err.message.split('\n').filter((l) => /apt-get/.test(l));
      assert.deepEqual(commands.map((l) => l.trim()), ['sudo apt-get install -y --no-install-recommends libkrb5-dev chromium']);
      assert.match(err.message, /then run this again/);
      return true;
    });
    assert.deepEqual(a.ran, []);
  });

  it('with no package lists at all: updates first (and the printed command does too)', async () => {
    const asRoot = machine({ present: BUILD, listsEmpty: true });
    const a = apt(asRoot.present, [{ code: 0 }, { code: 0 }]);
    await ensure(['chromium'], asRoot, a.runner);
    assert.deepEqual(a.ran, [`${APT} update`, `${APT} install -y --no-install-recommends chromium`]);

    const asUser = machine({ present: BUILD, root: false, listsEmpty: true });
    await assert.rejects(ensure(['chromium'], asUser, apt(asUser.present, []).runner), (err: Error) => {
      assert.ok(err.message.includes('sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium'), err.message);
      return true;
    });
  });

  it('updates the package lists only when the install fails for lack of them, then installs again', async () => {
    const m = machine({ present: BUILD });
    const a = apt(m.present, [{ code: 100, output: 'Reading package lists...\nE: Unable to locate package chromium\n' }, { code: 0 }, { code: 0 }]);
    const r = await ensure(['chromium'], m, a.runner);
    assert.deepEqual(r.installed, ['chromium']);
    assert.deepEqual(a.ran, [
      `${APT} install -y --no-install-recommends chromium`,
      `${APT} update`,
      `${APT} install -y --no-install-recommends chromium`,
    ]);
    assert.match(r.printed.join('\n'), /no current package lists: updating them/);
  });

  it('another install failure is reported with apt-get\'s own words, without an update', async () => {
    const m = machine({ present: BUILD });
    const a = apt(m.present, [{ code: 100, output: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n' }]);
    await assert.rejects(ensure(['chromium'], m, a.runner), /apt-get install chromium failed \(exit 100\):\n {2}E: Could not get lock/);
    assert.equal(a.ran.length, 1);
  });

  it('an install that "succeeds" but leaves the file missing is an error naming it', async () => {
    const m = machine({ present: ['pkg-config', 'g++', 'make', 'python3'] });
    const a = apt(m.present, [{ code: 0 }], { installsNothing: true });
    await assert.rejects(ensure(['codeServerBuild'], m, a.runner), /yet libkrb5-dev is still not there \(\/usr\/include\/gssapi\/gssapi\.h\)/);
  });

  it('without apt-get: says what is missing and to use the system\'s package manager', async () => {
    const m = machine({ present: [], apt: false });
    const a = apt(m.present, []);
    await assert.rejects(ensure(['codeServerBuild'], m, a.runner), (err: Error) => {
      assert.match(err.message, /missing system packages: libkrb5-dev pkg-config g\+\+ make python3/);
      assert.match(err.message, /no apt-get here: install them \(Debian\/Ubuntu names\) with this system's package manager/);
      return true;
    });
    assert.deepEqual(a.ran, []);
  });

  it('on this machine (real probe, real runner): nothing missing, nothing run, nothing printed', async function () {
    const probe = sp.systemProbe();
    const wanted = [...new Set([...sp.NEEDS.codeServerBuild!.packages, ...sp.NEEDS.chromium!.packages])];
    const missing = wanted.filter((p) => !probe.present(p));
    if (missing.length > 0) {
      // Installing here would change a machine other tests share: only the "nothing missing" path runs for real.
      console.warn(`    SKIPPED LOUDLY: this machine misses ${missing.join(' ')}; the real "nothing missing" path needs them all`);
      this.skip();
    }
    const script = `import { ensureSystemPackages } from ${JSON.stringify(pathToFileURL(MODULE).href)};
      process.stdout.write(JSON.stringify(await ensureSystemPackages(['codeServerBuild', 'chromium'])));`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    assert.equal(stdout, '[]');
    assert.equal(stderr, '');
  });
});
