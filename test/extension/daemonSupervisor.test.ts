// The supervisor against the real daemon bundle: spawn when nothing runs, attach when another
// window's daemon runs, restart a killed daemon within the budget, then give up with the reason
// until a person restarts it; and a daemon that cannot start says why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DaemonSupervisor } from '../../extension/supervisor/daemonSupervisor.js';
import { RestartPolicy } from '../../extension/supervisor/restartPolicy.js';
import { silentLogger } from '../../extension/util/logger.js';
import { ROOT } from '../support/daemonHarness.js';

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

async function waitPidGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('daemon supervisor (real daemon)', function () {
  this.timeout(60_000);
  let dir: string;
  const owned: DaemonSupervisor[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-supervisor-'));
  });
  afterEach(async () => {
    const pid = owned.find((s) => s.discovery)?.discovery?.pid;
    for (const s of owned.splice(0)) s.dispose();
    if (pid) {
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
