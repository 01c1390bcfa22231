// `daemon start|status|stop` with a stand-in daemon bundle that keeps the real one's process
// contract: a detached child, readiness by discovery file + health, stop over HTTP.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readDiscovery } from '../../client/discoveryFile.js';
import { isPidAlive } from '../../client/processAlive.js';
import { runCli } from '../../cli/run.js';
import { captureIo } from './fixtures.js';

const fakeDaemon = fileURLToPath(new URL('./fixtures/fakeDaemonProcess.mjs', import.meta.url));

describe('daemon start / status / stop', () => {
  let root: string;
  let home: string;
  let cliDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sb-cli-proc-'));
    home = join(root, 'home');
    cliDir = join(root, 'bin');
    // The CLI starts `<its own folder>/daemon.cjs`; this one loads the stand-in.
    mkdirSync(cliDir, { recursive: true });
    writeFileSync(join(cliDir, 'daemon.cjs'), `import(${JSON.stringify(pathToFileURL(fakeDaemon).href)});\n`);
  });

  afterEach(() => {
    const d = readDiscovery(home);
    if (d && isPidAlive(d.pid)) process.kill(d.pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  async function run(args: string[], env: Record<string, string> = {}) {
    const io = captureIo({ env: { ...process.env, ...env } as Record<string, string> });
    const code = await runCli(['--home', home, ...args], io, { cliDir, timeoutMs: 5_000 });
    return { code, out: io.out(), err: io.err() };
  }

  it('starts a detached daemon, reports it, refuses to start a second, and stops it', async () => {
    const started = await run(['daemon', 'start']);
    assert.equal(started.code, 0, started.err);
    const d = readDiscovery(home);
    assert.ok(d, 'daemon.json was written');
    assert.match(started.out, new RegExp(`^daemon started \\(pid ${d.pid}, port ${d.port}, home `));
    assert.ok(isPidAlive(d.pid));
    assert.match(readFileSync(join(home, 'logs', 'daemon.out'), 'utf8'), /fake daemon listening/);

    const status = await run(['daemon', 'status', '--json']);
    assert.equal(status.code, 0, status.err);
    const json = JSON.parse(status.out) as Record<string, unknown>;
    assert.equal(json['running'], true);
    assert.equal(json['pid'], d.pid);
    assert.equal(json['port'], d.port);
    assert.ok(!status.out.includes(d.token), 'the token is never printed');

    const again = await run(['daemon', 'start']);
    assert.equal(again.code, 0);
    assert.match(again.out, /already running \(pid \d+/);

    const health = await run(['health', '--json']);
    assert.equal(health.code, 0, health.err);
    assert.equal((JSON.parse(health.out) as { pid: number }).pid, d.pid);

    const stopped = await run(['daemon', 'stop']);
    assert.equal(stopped.code, 0, stopped.err);
    assert.equal(stopped.out, `daemon stopped (pid ${d.pid})\n`);
    assert.ok(!isPidAlive(d.pid));

    const after = await run(['health']);
    assert.equal(after.code, 1);
    assert.match(after.err, /the daemon is not running; start it with `switchboard daemon start`/);
  });

  it('passes --port on to the daemon', async () => {
    const port = await freePort();
    const r = await run(['daemon', 'start', '--port', String(port), '--json']);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { port: number }).port, port);
    await run(['daemon', 'stop']);
  });

  it('shows the output tail when the daemon dies during startup (exit 1)', async () => {
    const r = await run(['daemon', 'start'], { FAKE_DAEMON_MODE: 'crash' });
    assert.equal(r.code, 1);
    assert.match(r.err, /the daemon exited during startup \(exit code 3\)/);
    assert.match(r.err, /better-sqlite3 was built for another Node runtime/);
  });

  it('says where it looked when the daemon bundle is missing', async () => {
    rmSync(join(cliDir, 'daemon.cjs'));
    const r = await run(['daemon', 'start']);
    assert.equal(r.code, 1);
    assert.match(r.err, /the daemon bundle was not found at .*daemon\.cjs/);
  });

  it('rejects a port that is not a number as a usage error', async () => {
    const r = await run(['daemon', 'start', '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--port must be a whole number/);
  });
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
