import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InstanceLockedError,
  LOCK_FILE,
  acquireInstanceLock,
  readDiscovery,
  writeDiscovery,
} from '../../daemon/system/instanceLock.js';
import { ensureStateDir } from '../../daemon/system/stateDir.js';
import { generateToken } from '../../daemon/system/token.js';
import { tempHome } from './tempHome.js';

const HOLD_LOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holdLock.ts');
const posix = process.platform !== 'win32';

/** Starts a separate process that takes the lock; resolves once it holds it. */
async function lockHolder(home: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD_LOCK, home], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: string) => {
      out += c;
      if (out.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

/** A pid that certainly names no running process: one that just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await once(child, 'exit');
  assert.ok(pid !== undefined);
  return pid;
}

function discoveryOf(pid: number, port = 4242) {
  return { pid, port, token: generateToken(), version: '0.1.0', startedAt: new Date().toISOString() };
}

describe('single daemon instance per state dir', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
    await ensureStateDir(home.dir);
  });
  afterEach(() => home.remove());

  it('refuses a second instance while the first one lives, naming its pid', async function () {
    this.timeout(20_000);
    const holder = await lockHolder(home.dir);
    try {
      const err = await acquireInstanceLock(home.dir).then(
        () => assert.fail('a second instance got the lock'),
        (e: unknown) => e,
      );
      assert.ok(InstanceLockedError.is(err));
      assert.equal(err.pid, holder.pid);
      assert.match(err.message, new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
  });

  it('takes over the lock of an instance killed with -9', async function () {
    this.timeout(20_000);
    const holder = await lockHolder(home.dir);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const lock = await acquireInstanceLock(home.dir);
    assert.equal((await readFile(path.join(home.dir, LOCK_FILE), 'utf8')).trim(), String(process.pid));
    await lock.release();
  });

  it('takes over a lock naming a dead pid, or holding garbage', async () => {
    for (const content of [`${await deadPid()}\n`, 'not a pid', '']) {
      await writeFile(path.join(home.dir, LOCK_FILE), content);
      const lock = await acquireInstanceLock(home.dir);
      assert.equal(lock.pid, process.pid);
      await lock.release();
    }
  });

  it('treats a live pid as stale when the owner check says it is not a daemon', async () => {
    const first = await acquireInstanceLock(home.dir, { pid: process.pid });
    const second = await acquireInstanceLock(home.dir, { pid: 999_999, confirmOwner: async () => false });
    assert.equal((await readFile(path.join(home.dir, LOCK_FILE), 'utf8')).trim(), '999999');
    await second.release();
    await first.release();
  });

  it('lets exactly one of several concurrent contenders win', async () => {
    const stale = await deadPid();
    await writeFile(path.join(home.dir, LOCK_FILE), `${stale}\n`);
    // Distinct live-looking pids, all "alive" for this test; only the lock file decides.
    const pids = [900_001, 900_002, 900_003, 900_004, 900_005];
    const results = await Promise.allSettled(
      pids.map((pid) => acquireInstanceLock(home.dir, { pid, isAlive: (p) => p !== stale })),
    );
    const winners = results.filter((r) => r.status === 'fulfilled');
    assert.equal(winners.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(InstanceLockedError.is(r.reason));
    const owner = Number((await readFile(path.join(home.dir, LOCK_FILE), 'utf8')).trim());
    assert.ok(pids.includes(owner));
  });

  it('releases only what still names its own pid', async () => {
    const lock = await acquireInstanceLock(home.dir);
    await writeDiscovery(home.dir, discoveryOf(process.pid));
    await lock.release();
    assert.equal(await readDiscovery(home.dir), null);
    await assert.rejects(stat(path.join(home.dir, LOCK_FILE)), { code: 'ENOENT' });

    // Someone else's files survive a late release of ours.
    const again = await acquireInstanceLock(home.dir);
    await writeFile(path.join(home.dir, LOCK_FILE), '4242\n');
    await writeDiscovery(home.dir, discoveryOf(4242));
    again.releaseSync();
    assert.equal((await readFile(path.join(home.dir, LOCK_FILE), 'utf8')).trim(), '4242');
    assert.equal((await readDiscovery(home.dir))?.pid, 4242);
  });
});

describe('the discovery file daemon.json', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
    await ensureStateDir(home.dir);
  });
  afterEach(() => home.remove());

  it('is written readable by the user only (0600), in a 0700 dir', async function () {
    if (!posix) this.skip();
    await writeDiscovery(home.dir, discoveryOf(process.pid));
    assert.equal((await stat(path.join(home.dir, 'daemon.json'))).mode & 0o777, 0o600);
    assert.equal((await stat(home.dir)).mode & 0o777, 0o700);
  });

  it('round-trips through readDiscovery and is replaced atomically', async () => {
    const first = discoveryOf(process.pid, 1111);
    await writeDiscovery(home.dir, first);
    assert.deepEqual(await readDiscovery(home.dir), first);
    const second = discoveryOf(process.pid, 2222);
    await writeDiscovery(home.dir, second);
    assert.deepEqual(await readDiscovery(home.dir), second);
    assert.deepEqual((await readdir(home.dir)).filter((f) => f.endsWith('.tmp')), []);
  });

  it('reads as null when missing, not JSON, or not a discovery record', async () => {
    assert.equal(await readDiscovery(home.dir), null);
    await writeFile(path.join(home.dir, 'daemon.json'), '{ nope');
    assert.equal(await readDiscovery(home.dir), null);
    await writeFile(path.join(home.dir, 'daemon.json'), JSON.stringify({ pid: 'x', port: 1 }));
    assert.equal(await readDiscovery(home.dir), null);
  });

  it('refuses to write an invalid record', async () => {
    await assert.rejects(writeDiscovery(home.dir, { ...discoveryOf(1), token: 'short' }));
  });
});
