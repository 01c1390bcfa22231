// The supervisor against the real daemon bundle: spawn when nothing runs, attach when another
// window's daemon runs, restart a killed daemon within the budget, then give up with the reason
// until a person restarts it; and a daemon that cannot start says why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { DaemonSupervisor } from '../../extension/supervisor/daemonSupervisor.js';
import { RestartPolicy } from '../../extension/supervisor/restartPolicy.js';
import { silentLogger } from '../../extension/util/logger.js';
import { ROOT, until } from '../support/daemonHarness.js';

const BUNDLE = path.join(ROOT, 'dist', 'daemon.cjs');

function supervisor(stateDir: string, opts: { bundlePath?: string; max?: number } = {}): DaemonSupervisor {
  return new DaemonSupervisor({
    stateDir,
    bundlePath: opts.bundlePath ?? BUNDLE,
    nodePath: () => process.execPath,
    port: () => 0,
    version: 'test',
    log: silentLogger,
    policy: new RestartPolicy(opts.max ?? 2, 60_000),
    probeIntervalMs: 60_000,
  });
}

/** A killed daemon is gone once it no longer runs (a zombie waiting for its reaper counts as gone). */
async function waitPidGone(pid: number): Promise<void> {
  await until(`daemon pid ${pid} to end`, () => !isPidAlive(pid), 10_000);
}

describe('daemon supervisor (real daemon)', function () {
  this.timeout(60_000);
  let dir: string;
  const owned: DaemonSupervisor[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-supervisor-'));
  });
  afterEach(async () => {
    // Every daemon a supervisor saw, and the one the file names now: a start that was slower than
    // the supervisor's patience becomes ready after it gave up, and must not outlive the test.
    const pids = new Set(owned.map((s) => s.discovery?.pid).filter((p): p is number => p !== undefined));
    const named = readDiscovery(dir);
    if (named) pids.add(named.pid);
    for (const s of owned.splice(0)) s.dispose();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone
      }
      await waitPidGone(pid);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('spawns a daemon, lets a second window attach to it, restarts it within the budget, then gives up', async () => {
    const a = supervisor(dir);
    owned.push(a);
    await a.start();
    assert.equal(a.state, 'up');
    const first = a.discovery!.pid;

    const b = supervisor(dir);
    owned.push(b);
    await b.start();
    assert.equal(b.discovery?.pid, first, 'the second window attaches instead of spawning');

    const gaveUp: string[] = [];
    a.onDidGiveUp((why) => gaveUp.push(why));
    let pid = first;
    for (let restart = 1; restart <= 2; restart++) {
      process.kill(pid, 'SIGKILL');
      await waitPidGone(pid);
      await a.check();
      assert.equal(a.state, 'up', `restart ${restart}`);
      assert.notEqual(a.discovery!.pid, pid);
      pid = a.discovery!.pid;
    }
    process.kill(pid, 'SIGKILL');
    await waitPidGone(pid);
    await a.check();
    assert.equal(a.state, 'down');
    assert.equal(gaveUp.length, 1);
    assert.match(a.lastError ?? '', /stopped 2 times within 60 s/);

    // The other window, whose own budget is untouched, may restart it; the given-up one attaches.
    await b.check();
    assert.equal(b.state, 'up');
    await a.check();
    assert.equal(a.state, 'up', 'a given-up supervisor attaches to a daemon someone else started');

    // "Restart Daemon" is a person's decision: it replaces the daemon and resets the budget.
    const before = a.discovery!.pid;
    await a.restart();
    assert.equal(a.state, 'up');
    assert.notEqual(a.discovery!.pid, before);
  });

  it('reports why a daemon could not start, from its own output', async () => {
    const broken = path.join(dir, 'broken-daemon.cjs');
    writeFileSync(broken, "process.stderr.write('switchboard daemon: the native module does not match\\n'); process.exit(1);\n");
    const s = supervisor(path.join(dir, 'state'), { bundlePath: broken });
    owned.push(s);
    let why = '';
    s.onDidGiveUp((w) => (why = w));
    await s.start();
    assert.equal(s.state, 'down');
    assert.match(why, /exited during startup \(exit code 1\).*native module does not match/s);
  });
});
