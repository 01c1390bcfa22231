// The fleet settings reach a daemon this window starts (issue 11): the supervisor passes
// `--max-agents`, `--memory-floor-mb`, `--stall-seconds` and `--worktree-root` to the real daemon
// bundle, which then reports those admission limits and puts new worktrees under that root.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { DaemonSupervisor } from '../../extension/supervisor/daemonSupervisor.js';
import { fleetFlags } from '../../extension/supervisor/fleetFlags.js';
import { silentLogger } from '../../extension/util/logger.js';
import { ROOT, makeRepo, until } from '../support/daemonHarness.js';

describe('fleet settings as daemon flags (real daemon)', function () {
  this.timeout(60_000);
  let dir: string;
  let supervisor: DaemonSupervisor | null = null;

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sb-fleet-flags-')));
  });
  afterEach(async () => {
    supervisor?.dispose();
    const pid = readDiscovery(path.join(dir, 'home'))?.pid;
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      await until(`daemon pid ${pid} to end`, () => !isPidAlive(pid), 10_000);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the daemon with the admission limits and the worktree root of the settings', async () => {
    const worktreeRoot = path.join(dir, 'worktrees');
    const { flags } = fleetFlags({ maxAgents: 3, memoryFloorMb: 0, stallSeconds: 90, worktreeRoot }, dir);
    supervisor = new DaemonSupervisor({
      stateDir: path.join(dir, 'home'),
      bundlePath: path.join(ROOT, 'dist', 'daemon.cjs'),
      nodePath: () => process.execPath,
      port: () => 0,
      fleet: () => flags,
      version: 'test',
      log: silentLogger,
      probeIntervalMs: 60_000,
    });
    await supervisor.start();
    assert.equal(supervisor.state, 'up', supervisor.lastError ?? '');
    const api = supervisor.client!.api;
    const snap = await api.getAdmission();
    assert.deepEqual([snap.maxAgents, snap.memoryFloorMb], [3, 0]);

    await api.addProject({ body: { path: makeRepo(), slug: 'rooted' } });
    const { session } = await api.createSession({ body: { agent: 'demo', action: 'implement', project: 'rooted', prompt: 'hello', permissionPolicy: 'allow-all' } });
    assert.ok(session.worktreePath?.startsWith(`${worktreeRoot}${path.sep}`), `${session.worktreePath} is under ${worktreeRoot}`);
    await until('the session to complete', async () => (await api.getSession({ params: { id: session.id } })).session.state === 'completed', 30_000);
  });
});
