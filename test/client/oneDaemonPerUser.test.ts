// The CLI and a VS Code window given the same `SWITCHBOARD_HOME` written with `~` meet at ONE
// daemon, whichever starts it. Before client/ the CLI took `~` literally (a folder named `~` in
// its working directory) while the extension expanded it, so the two started a daemon each.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../cli/run.js';
import { spawnDaemon } from '../../client/daemonSpawn.js';
import { stopDaemon } from '../../client/daemonStop.js';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { DaemonSupervisor } from '../../extension/supervisor/daemonSupervisor.js';
import { RestartPolicy } from '../../extension/supervisor/restartPolicy.js';
import { resolveStateDir } from '../../extension/supervisor/stateDir.js';
import { silentLogger } from '../../extension/util/logger.js';
import { captureIo } from '../cli/fixtures.js';
import { DAEMON_BUNDLE, ROOT } from '../support/daemonHarness.js';

const TILDE_HOME = '~/switchboard-state';

describe('one daemon per user, whoever starts it', function () {
  this.timeout(60_000);
  let userHome: string;
  let savedHome: string | undefined;
  let cwd: string;
  const supervisors: DaemonSupervisor[] = [];

  beforeEach(() => {
    // `~` is the user's home: point it at a temp dir, so the daemon's state lands there.
    savedHome = process.env['HOME'];
    userHome = realpathSync(mkdtempSync(path.join(tmpdir(), 'sb-one-daemon-user-')));
    process.env['HOME'] = userHome;
    // The CLI runs somewhere else: a literal `~` would make a folder here.
    cwd = realpathSync(mkdtempSync(path.join(tmpdir(), 'sb-one-daemon-cwd-')));
  });

  afterEach(async () => {
    for (const s of supervisors.splice(0)) s.dispose();
    // The second home is where a CLI that takes `~` literally would have started its own daemon.
    for (const home of [path.join(userHome, 'switchboard-state'), path.join(cwd, '~', 'switchboard-state')]) {
      const d = readDiscovery(home);
      if (d && isPidAlive(d.pid)) await stopDaemon(d);
    }
    if (savedHome === undefined) delete process.env['HOME'];
    else process.env['HOME'] = savedHome;
    rmSync(userHome, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ ...(process.env as Record<string, string>), SWITCHBOARD_HOME: TILDE_HOME });

  async function cli(args: string[]) {
    const io = captureIo({ env: env(), cwd });
    // The CLI looks for `daemon.cjs` next to itself: the real bundle in dist/.
    const code = await runCli(args, io, { cliDir: path.join(ROOT, 'dist'), timeoutMs: 5_000 });
    return { code, out: io.out(), err: io.err() };
  }

  /** A window exactly as extension.ts builds it (empty `switchboard.stateDir` setting), counting its spawns. */
  function window(): { supervisor: DaemonSupervisor; spawns: () => number } {
    let spawns = 0;
    const supervisor = new DaemonSupervisor({
      stateDir: resolveStateDir('', env(), homedir()),
      bundlePath: DAEMON_BUNDLE,
      nodePath: () => process.execPath,
      port: () => 0,
      version: 'test',
      log: silentLogger,
      env: env(),
      policy: new RestartPolicy(0, 60_000),
      probeIntervalMs: 60_000,
      spawn: (o) => {
        spawns++;
        return spawnDaemon(o);
      },
    });
    supervisors.push(supervisor);
    return { supervisor, spawns: () => spawns };
  }

  it('a window attaches to the daemon the CLI started', async () => {
    const started = await cli(['daemon', 'start', '--json']);
    assert.equal(started.code, 0, started.err);
    const fromCli = JSON.parse(started.out) as { pid: number; home: string };
    assert.equal(fromCli.home, path.join(userHome, 'switchboard-state'), 'the CLI expanded ~');

    const { supervisor, spawns } = window();
    await supervisor.start();
    assert.equal(supervisor.state, 'up');
    assert.equal(spawns(), 0, 'the window started no daemon of its own');
    assert.equal(supervisor.discovery?.pid, fromCli.pid);
  });

  it('the CLI finds the daemon a window started', async () => {
    const { supervisor, spawns } = window();
    await supervisor.start();
    assert.equal(supervisor.state, 'up', supervisor.lastError ?? '');
    assert.equal(spawns(), 1);
    const pid = supervisor.discovery!.pid;

    const again = await cli(['daemon', 'start', '--json']);
    assert.equal(again.code, 0, again.err);
    const status = JSON.parse(again.out) as { pid: number; alreadyRunning: boolean };
    assert.equal(status.alreadyRunning, true, 'no second daemon');
    assert.equal(status.pid, pid);
    assert.equal(readDiscovery(path.join(userHome, 'switchboard-state'))?.pid, pid);
  });
});
