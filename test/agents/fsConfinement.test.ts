// File access stays inside the session root: `..`, absolute paths elsewhere, symlinks that point
// out, and writes in read-only sessions are refused, reported to the host, and told to the agent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentConnection } from '../../daemon/agents/agentConnection.js';
import { FsRefusal } from '../../daemon/agents/errors.js';
import { resolveInside } from '../../daemon/agents/fsConfinement.js';
import { ensureDemoAgentBuilt, RecordingHost, startDemo, tempDir } from './demoHarness.js';

describe('file access confinement', function () {
  let sandbox: Awaited<ReturnType<typeof tempDir>>;
  let home: Awaited<ReturnType<typeof tempDir>>;
  let work: string;
  let outside: string;
  let conn: AgentConnection | null = null;

  before(ensureDemoAgentBuilt);
  beforeEach(async () => {
    // work/ and outside/ are siblings, so `..` from work lands next to outside.
    sandbox = await tempDir('confine');
    home = await tempDir('home');
    work = path.join(sandbox.path, 'work');
    outside = path.join(sandbox.path, 'outside');
    await mkdir(work);
    await mkdir(outside);
  });
  afterEach(async () => {
    await conn?.terminate();
    conn = null;
    await sandbox.remove();
    await home.remove();
  });

  describe('resolveInside', () => {
    it('accepts relative, absolute and not-yet-existing paths inside the root', async () => {
      const rel = await resolveInside(work, 'src/new/file.ts');
      assert.equal(rel.relativePath, 'src/new/file.ts');
      assert.equal(rel.exists, false);
      const abs = await resolveInside(work, path.join(work, 'a.txt'));
      assert.equal(abs.relativePath, 'a.txt');
      assert.equal((await resolveInside(work, work)).relativePath, '.');
      assert.equal((await resolveInside(work, '..work-like-name')).relativePath, '..work-like-name');
    });

    it('refuses .. and absolute paths that leave the root', async () => {
      await assert.rejects(resolveInside(work, '../outside/x'), (e: unknown) => FsRefusal.is(e, 'outside_root'));
      await assert.rejects(resolveInside(work, 'a/../../x'), (e: unknown) => FsRefusal.is(e, 'outside_root'));
      await assert.rejects(resolveInside(work, path.join(outside, 'x')), (e: unknown) => FsRefusal.is(e, 'outside_root'));
    });

    it('refuses symlinks that lead out, including dangling ones and new files below them', async () => {
      await writeFile(path.join(outside, 'secret.txt'), 'secret');
      await symlink(outside, path.join(work, 'door'));
      await symlink(path.join(outside, 'secret.txt'), path.join(work, 'secret-link'));
      await symlink(path.join(outside, 'not-yet'), path.join(work, 'dangling'));
      await assert.rejects(resolveInside(work, 'door/secret.txt'), (e: unknown) => FsRefusal.is(e, 'symlink_escape'));
      await assert.rejects(resolveInside(work, 'door/new/file.txt'), (e: unknown) => FsRefusal.is(e, 'symlink_escape'));
      await assert.rejects(resolveInside(work, 'secret-link'), (e: unknown) => FsRefusal.is(e, 'symlink_escape'));
      await assert.rejects(resolveInside(work, 'dangling'), (e: unknown) => FsRefusal.is(e, 'symlink_escape'));
    });

    it('accepts symlinks that stay inside', async () => {
      await mkdir(path.join(work, 'real'));
      await symlink(path.join(work, 'real'), path.join(work, 'alias'));
      const r = await resolveInside(work, 'alias/x.txt');
      assert.equal(r.relativePath, 'real/x.txt');
    });
  });

  describe('through the demo agent', () => {
    it('refuses the escape control word and creates nothing outside', async () => {
      const host = new RecordingHost();
      const started = await startDemo(work, home.path, host);
      conn = started.conn;
      assert.equal((await conn.prompt(started.sessionId, 'escape')).stopReason, 'end_turn');
      assert.equal(existsSync(path.join(sandbox.path, 'escaped-by-demo-agent.txt')), false);
      const refused = host.ofType('file.refused');
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.payload.operation, 'write');
      assert.equal(refused[0]?.payload.reason, 'outside_root');
      assert.match(host.messageText(), /refused to let me write outside/);
    });

    it('refuses a write through a symlink that points outside', async () => {
      await symlink(outside, path.join(work, 'door'));
      const host = new RecordingHost();
      const started = await startDemo(work, home.path, host);
      conn = started.conn;
      await conn.prompt(started.sessionId, 'write door/pwned.txt gotcha');
      assert.equal(existsSync(path.join(outside, 'pwned.txt')), false);
      assert.equal(host.ofType('file.refused')[0]?.payload.reason, 'symlink_escape');
      assert.match(host.messageText(), /Could not write door\/pwned\.txt/);
    });

    it('refuses every write in a read-only session but still reads', async () => {
      await writeFile(path.join(work, 'README.md'), 'read me\n');
      const host = new RecordingHost();
      const started = await startDemo(work, home.path, host, { readOnly: true });
      conn = started.conn;
      await conn.prompt(started.sessionId, 'write notes.txt hello');
      assert.equal(existsSync(path.join(work, 'notes.txt')), false);
      assert.deepEqual(host.ofType('file.refused').map((e) => e.payload), [
        { path: path.join(work, 'notes.txt'), operation: 'write', reason: 'read_only' },
      ]);
      await conn.prompt(started.sessionId, 'read README.md');
      assert.ok(host.messageText().includes('read me\n'));
      assert.deepEqual(host.ofType('file.read').map((e) => e.payload), [{ path: 'README.md', bytes: 8 }]);
    });

    it('writes inside, creating parent directories, and reports the bytes', async () => {
      const host = new RecordingHost();
      const started = await startDemo(work, home.path, host);
      conn = started.conn;
      await conn.prompt(started.sessionId, 'write src/deep/notes.txt hello world');
      assert.equal(await readFile(path.join(work, 'src/deep/notes.txt'), 'utf8'), 'hello world');
      assert.deepEqual(host.ofType('file.written').map((e) => e.payload), [{ path: 'src/deep/notes.txt', bytes: 11, created: true }]);
    });
  });
});
