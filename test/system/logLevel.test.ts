// The daemon's log level: `--log-level`, else SWITCHBOARD_LOG_LEVEL, else info; a bad value stops
// the daemon at start with a message naming the flag; the extension's `switchboard.logLevel`
// reaches a daemon it starts. Checked on the real daemon bundle and its daemon.log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readDiscovery } from '../../client/discoveryFile.js';
import { LOG_LEVEL_ENV } from '../../daemon/protocol/discovery.js';
import { resolveLogLevel } from '../../daemon/system/logLevelOption.js';
import { statePaths } from '../../daemon/system/stateDir.js';
import { DaemonSupervisor } from '../../extension/supervisor/daemonSupervisor.js';
import { silentLogger } from '../../extension/util/logger.js';
import { DAEMON_BUNDLE, DaemonProcess, isAlive, tempDir, until } from '../support/daemonHarness.js';

type LogLine = { level: string; msg: string; [field: string]: unknown };

function logLines(home: string): LogLine[] {
  const file = statePaths(home).daemonLog;
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LogLine);
}

/** A daemon run with `env` over ours (our own SWITCHBOARD_LOG_LEVEL left out), a few requests, then stopped: its whole log. */
async function runAndStop(env: NodeJS.ProcessEnv): Promise<LogLine[]> {
  const daemon = await DaemonProcess.start({ env: { [LOG_LEVEL_ENV]: '', ...env } });
  await daemon.client.api.health();
  await daemon.client.api.listProjects();
  await daemon.stop(); // a graceful stop flushes the log
  return logLines(daemon.home);
}

describe('the daemon log level', function () {
  it('reads --log-level, else SWITCHBOARD_LOG_LEVEL, else info, in any case', function () {
    assert.deepEqual(resolveLogLevel(undefined, {}), { level: 'info' });
    assert.deepEqual(resolveLogLevel(undefined, { [LOG_LEVEL_ENV]: 'WARN' }), { level: 'warn' });
    assert.deepEqual(resolveLogLevel('debug', { [LOG_LEVEL_ENV]: 'error' }), { level: 'debug' }, 'the flag wins');
    assert.deepEqual(resolveLogLevel(undefined, { [LOG_LEVEL_ENV]: ' ' }), { level: 'info' }, 'blank is unset');
  });

  it('refuses a level it does not know, naming the flag and the levels, before anything starts', function () {
    for (const [args, env] of [
      [['--log-level', 'loud'], {}],
      [[], { [LOG_LEVEL_ENV]: 'verbose' }],
    ] as const) {
      const home = tempDir('loglevel-bad');
      const run = spawnSync(process.execPath, [DAEMON_BUNDLE, '--home', home, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /--log-level \(or SWITCHBOARD_LOG_LEVEL\) must be one of error, warn, info, debug; got "(loud|verbose)"/);
      assert.equal(readDiscovery(home), null, 'no daemon came up');
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('logs each request at debug, not at the default info, and at error not even its start', async function () {
    const info = await runAndStop({});
    assert.ok(info.some((l) => l.msg === 'daemon started' && l.logLevel === 'info'), 'the start says its level');
    assert.equal(info.filter((l) => l.level === 'debug').length, 0);

    const debug = await runAndStop({ [LOG_LEVEL_ENV]: 'debug' });
    const requests = debug.filter((l) => l.level === 'debug' && l.msg === 'request');
    assert.ok(requests.some((l) => l.path === '/api/v1/projects' && l.status === 200), JSON.stringify(requests));

    const error = await runAndStop({ [LOG_LEVEL_ENV]: 'error' });
    assert.deepEqual(error.filter((l) => l.level !== 'error'), []);
  });

  it('reaches a daemon the extension starts (switchboard.logLevel), over the environment', async function () {
    const dir = tempDir('loglevel-ext');
    const home = path.join(dir, 'home');
    const supervisor = new DaemonSupervisor({
      stateDir: home,
      bundlePath: DAEMON_BUNDLE,
      nodePath: () => process.execPath,
      port: () => 0,
      logLevel: () => 'debug',
      env: { ...process.env, [LOG_LEVEL_ENV]: 'error' },
      version: 'test',
      log: silentLogger,
      probeIntervalMs: 60_000,
    });
    try {
      await supervisor.start();
      assert.equal(supervisor.state, 'up', supervisor.lastError ?? '');
      await supervisor.client!.api.listProjects();
      await until('the debug request line in daemon.log', () => logLines(home).some((l) => l.level === 'debug' && l.path === '/api/v1/projects'));
      assert.ok(logLines(home).some((l) => l.msg === 'daemon started' && l.logLevel === 'debug'));
    } finally {
      supervisor.dispose();
      const pid = readDiscovery(home)?.pid;
      if (pid !== undefined) {
        process.kill(pid, 'SIGTERM');
        await until(`daemon pid ${pid} to end`, () => !isAlive(pid), 10_000);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
