import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RepoLocks } from '../../daemon/worktrees/repoLock.js';
import { TempDirs } from './gitFixtures.js';

/** A promise settled from outside, so tests control ordering without timers. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('per-repository lock', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('runs operations on one repository one at a time, in call order', async () => {
    const locks = new RepoLocks();
    const repo = temp.make();
    const log: string[] = [];
    let running = 0;
    const op = (name: string) => async () => {
      running++;
      assert.equal(running, 1, `${name} overlapped another operation`);
      log.push(`start ${name}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => locks.run(repo, op(name))));
    assert.deepEqual(results, ['a', 'b', 'c', 'd']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
  });

  it('keeps going after an operation throws, and hands the error only to its caller', async () => {
    const locks = new RepoLocks();
    const repo = temp.make();
    const first = locks.run(repo, () => {
      throw new Error('boom');
    });
    const second = locks.run(repo, async () => {
      throw new Error('async boom');
    });
    const third = locks.run(repo, () => 'still runs');
    await assert.rejects(first, /boom/);
    await assert.rejects(second, /async boom/);
    assert.equal(await third, 'still runs');
  });

  it('lets different repositories run at the same time', async () => {
    const locks = new RepoLocks();
    const gate = deferred();
    const slow = locks.run(temp.make(), () => gate.promise.then(() => 'slow'));
    // If repositories shared a queue this would wait for `gate`, which only opens afterwards.
    const fast = await locks.run(temp.make(), () => 'fast');
    gate.resolve();
    assert.equal(fast, 'fast');
    assert.equal(await slow, 'slow');
  });

  it('treats a symlink, a trailing slash and a relative spelling as the same repository', async () => {
    const locks = new RepoLocks();
    const repo = temp.make();
    const link = path.join(temp.make(), 'link');
    fs.symlinkSync(repo, link);
    const gate = deferred();
    const order: string[] = [];
    const holder = locks.run(repo, async () => {
      await gate.promise;
      order.push('holder');
    });
    const viaLink = locks.run(link, () => void order.push('link'));
    const viaSlash = locks.run(`${repo}${path.sep}`, () => void order.push('slash'));
    const viaRelative = locks.run(path.relative(process.cwd(), repo), () => void order.push('relative'));
    gate.resolve();
    await Promise.all([holder, viaLink, viaSlash, viaRelative]);
    assert.deepEqual(order, ['holder', 'link', 'slash', 'relative']);
  });

  it('forgets a repository once its queue drains', async () => {
    const locks = new RepoLocks();
    await locks.run(temp.make(), () => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(locks.activeRepositories, 0);
  });
});
