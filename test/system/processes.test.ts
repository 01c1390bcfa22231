import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isAlive, killProcessGroup, waitForExit } from '../../daemon/system/processes.js';

/** A detached process (its own group) that starts a grandchild and reports the grandchild's pid. */
async function familyOfTwo(): Promise<{ leader: number; grandchild: number }> {
  const script = `
    const { spawn } = require('node:child_process');
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    process.stdout.write(c.pid + '\\n');
    setInterval(() => {}, 1000);
  `;
  const leader = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  leader.stdout.setEncoding('utf8');
  const [line] = (await once(leader.stdout, 'data')) as [string];
  assert.ok(leader.pid !== undefined);
  return { leader: leader.pid, grandchild: Number(line.trim()) };
}

describe('process helpers', () => {
  it('knows this process is alive and that bogus pids are not', () => {
    assert.equal(isAlive(process.pid), true);
    for (const pid of [0, -1, 1.5, Number.NaN]) assert.equal(isAlive(pid), false, String(pid));
  });

  it('sees a child as dead once it exited', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    assert.ok(child.pid !== undefined);
    await once(child, 'exit');
    assert.equal(isAlive(child.pid), false);
    assert.equal(await waitForExit(child.pid, 1000), true);
  });

  it('signals a whole process group, grandchildren included', async function () {
    if (process.platform === 'win32') this.skip();
    const { leader, grandchild } = await familyOfTwo();
    assert.ok(isAlive(leader) && isAlive(grandchild));
    assert.equal(await killProcessGroup(leader, 'SIGKILL'), true);
    assert.equal(await waitForExit(leader, 10_000), true);
    assert.equal(await waitForExit(grandchild, 10_000), true);
  });

  it('reports false when there is nothing to signal', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    assert.ok(child.pid !== undefined);
    assert.equal(await killProcessGroup(child.pid, 'SIGTERM'), false);
  });

  it('times out waiting for a process that keeps running', async () => {
    assert.equal(await waitForExit(process.pid, 50), false);
  });
});
