// Reading the discovery file (a missing, half-written or foreign one means "no daemon") and
// telling a live pid from a dead one, against real files and real processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDiscovery, sameDaemon } from '../../client/discoveryFile.js';
import { isPidAlive, waitForPidExit } from '../../client/processAlive.js';

const valid = { pid: 4242, port: 51234, token: 'a'.repeat(32), version: '1.0.0', startedAt: '2025-01-01T00:00:00.000Z' };

describe('client: the discovery file', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(path.join(tmpdir(), 'sb-client-disc-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('reads a valid file and treats a missing, partial or foreign one as no daemon', () => {
    assert.equal(readDiscovery(home), null);
    const file = path.join(home, 'daemon.json');
    writeFileSync(file, JSON.stringify(valid).slice(0, 20));
    assert.equal(readDiscovery(home), null);
    writeFileSync(file, JSON.stringify({ ...valid, token: 'short' }));
    assert.equal(readDiscovery(home), null);
    writeFileSync(file, JSON.stringify(valid));
    assert.deepEqual(readDiscovery(home), valid);
  });

  it('tells a restarted daemon from the same one', () => {
    assert.ok(sameDaemon(valid, { ...valid }));
    assert.ok(!sameDaemon(valid, { ...valid, startedAt: '2025-01-01T00:00:01.000Z' }));
    assert.ok(!sameDaemon(valid, null));
  });
});

describe('client: is this pid alive', () => {
  it('sees a running child as alive and an ended one as gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    assert.ok(isPidAlive(pid));
    assert.equal(await waitForPidExit(pid, 50), false, 'still running');
    child.kill('SIGKILL');
    assert.equal(await waitForPidExit(pid, 5_000), true);
    assert.ok(!isPidAlive(pid));
  });
});
