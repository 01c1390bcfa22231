// Spawning the real daemon bundle detached, finding it, and stopping it; and a daemon that dies
// during startup reported with its own words.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findRunningDaemon } from '../../client/daemonProbe.js';
import { spawnDaemon } from '../../client/daemonSpawn.js';
import { stopDaemon } from '../../client/daemonStop.js';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { DAEMON_BUNDLE } from '../support/daemonHarness.js';

describe('client: starting, finding and stopping a daemon (real bundle)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'sb-client-life-'))));
  afterEach(() => {
    const d = readDiscovery(path.join(root, 'home'));
    if (d && isPidAlive(d.pid)) process.kill(d.pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('spawns it detached, is ready only when our child answers, finds it, and stops it', async () => {
    const home = path.join(root, 'home');
    assert.equal(await findRunningDaemon(home), null);
    const r = await spawnDaemon({ nodePath: process.execPath, bundlePath: DAEMON_BUNDLE, home, env: { ...process.env } });
    assert.ok(r.ok, r.ok ? '' : `${r.message}\n${r.output}`);
    assert.equal(r.health.pid, r.discovery.pid);
    assert.ok(isPidAlive(r.discovery.pid));

    const found = await findRunningDaemon(home);
    assert.equal(found?.discovery.pid, r.discovery.pid);

    assert.equal(await stopDaemon(r.discovery), 'shutdown');
    assert.ok(!isPidAlive(r.discovery.pid));
    assert.equal(await findRunningDaemon(home), null);
  });

  it('reports a child that exits during startup with the tail of its output', async () => {
    const broken = path.join(root, 'broken-daemon.cjs');
    writeFileSync(broken, "process.stderr.write('switchboard daemon: the native module does not match\\n'); process.exit(1);\n");
    const home = path.join(root, 'home');
    const r = await spawnDaemon({ nodePath: process.execPath, bundlePath: broken, home, env: { ...process.env } });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, 'exited');
    assert.equal(r.message, 'the daemon exited during startup (exit code 1)');
    assert.match(r.output, /native module does not match/);
    assert.equal(r.outPath, path.join(home, 'logs', 'daemon.out'));
  });
});
