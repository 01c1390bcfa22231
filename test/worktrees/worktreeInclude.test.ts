// Git-ignored files brought into a new worktree (.worktreeinclude and the config's `include`),
// against real repositories: copy, hardlink (shared and read-only) and reflink (or its fallback).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RepoLocks } from '../../daemon/worktrees/repoLock.js';
import { WorktreeManager } from '../../daemon/worktrees/worktreeManager.js';
import { prepareWorktree } from '../../daemon/worktrees/worktreePrepare.js';
import { TempDirs, commitAll, makeRepo, writeFile } from './gitFixtures.js';

describe('bringing ignored files into a new worktree', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  /** A repo ignoring `.env`, `big/` and `*.log`, with `.worktreeinclude` and config as given, and a fresh worktree. */
  async function setup(worktreeInclude: string, config?: unknown): Promise<{ repo: string; worktree: string }> {
    const repo = makeRepo(temp);
    writeFile(repo, '.gitignore', '.env\nbig/\n*.log\n');
    writeFile(repo, '.worktreeinclude', worktreeInclude);
    if (config !== undefined) writeFile(repo, '.switchboard/config.json', JSON.stringify(config, null, 2));
    commitAll(repo, 'ignore rules');
    writeFile(repo, '.env', 'SECRET=1\n');
    writeFile(repo, 'big/data.bin', 'x'.repeat(4096));
    writeFile(repo, 'big/run.sh', '#!/bin/sh\necho hi\n');
    fs.chmodSync(path.join(repo, 'big/run.sh'), 0o755);
    fs.symlinkSync('../.env', path.join(repo, 'big/env-link'));
    writeFile(repo, 'debug.log', 'not included\n');
    writeFile(repo, 'notes.txt', 'untracked, not ignored\n');
    const worktree = path.join(temp.make(), 'wt');
    await new WorktreeManager(new RepoLocks()).create({ repoPath: repo, worktreePath: worktree, branch: 'switchboard/t/p/1', baseRef: 'main' });
    return { repo, worktree };
  }

  const ino = (file: string): number => fs.statSync(file).ino;

  it('copies by default: ignored files only, modes kept, symlinks as links', async () => {
    const { repo, worktree } = await setup('# comment\n.env\nbig/\n*.txt\n');
    const { prepared } = await prepareWorktree(repo, worktree);
    assert.equal(fs.readFileSync(path.join(worktree, '.env'), 'utf8'), 'SECRET=1\n');
    assert.equal(fs.statSync(path.join(worktree, 'big/run.sh')).mode & 0o777, 0o755);
    assert.equal(fs.readlinkSync(path.join(worktree, 'big/env-link')), '../.env');
    assert.notEqual(ino(path.join(worktree, '.env')), ino(path.join(repo, '.env')));
    assert.ok(!fs.existsSync(path.join(worktree, 'debug.log')), 'ignored but not included');
    assert.ok(!fs.existsSync(path.join(worktree, 'notes.txt')), 'included but not ignored: not brought');
    const bytes = 'SECRET=1\n'.length + 4096 + '#!/bin/sh\necho hi\n'.length;
    assert.deepEqual(prepared, {
      files: 4,
      bytes,
      byMode: { copy: { files: 4, bytes }, reflink: { files: 0, bytes: 0, fellBack: false }, hardlink: { files: 0, bytes: 0, fellBack: false } },
      rules: 3,
      configError: null,
    });
  });

  it('hard-links a hardlink rule: same inode, source read-only, replacing works', async () => {
    const { repo, worktree } = await setup('.env\n', { include: [{ path: 'big/', mode: 'hardlink' }] });
    const { prepared } = await prepareWorktree(repo, worktree);
    const shared = path.join(worktree, 'big/data.bin');
    assert.equal(ino(shared), ino(path.join(repo, 'big/data.bin')));
    assert.equal(fs.statSync(path.join(repo, 'big/data.bin')).mode & 0o222, 0, 'no write bits on the shared file');
    assert.equal(fs.statSync(path.join(repo, 'big/run.sh')).mode & 0o777, 0o555);
    assert.deepEqual(prepared.byMode.hardlink, { files: 3, bytes: 4096 + '#!/bin/sh\necho hi\n'.length, fellBack: false });
    assert.deepEqual(prepared.byMode.copy, { files: 1, bytes: 'SECRET=1\n'.length });
    // What tools that save safely do: write a new file, rename it over the old one.
    fs.writeFileSync(`${shared}.tmp`, 'mine');
    fs.renameSync(`${shared}.tmp`, shared);
    assert.equal(fs.readFileSync(shared, 'utf8'), 'mine');
    assert.equal(fs.readFileSync(path.join(repo, 'big/data.bin'), 'utf8'), 'x'.repeat(4096), 'the checkout keeps its copy');
  });

  it('copies a hardlink rule onto another filesystem (EXDEV) and says it fell back', async function () {
    // /dev/shm is a tmpfs: a worktree there cannot share the checkout's inodes.
    if (!fs.existsSync('/dev/shm') || fs.statSync('/dev/shm').dev === fs.statSync(temp.make()).dev) this.skip();
    const repo = makeRepo(temp);
    writeFile(repo, '.gitignore', 'big/\n');
    writeFile(repo, '.worktreeinclude', '');
    writeFile(repo, '.switchboard/config.json', JSON.stringify({ include: [{ path: 'big/', mode: 'hardlink' }] }));
    commitAll(repo, 'ignore rules');
    writeFile(repo, 'big/data.bin', 'y'.repeat(2048));
    const elsewhere = fs.mkdtempSync('/dev/shm/sb-exdev-');
    try {
      const worktree = path.join(elsewhere, 'wt');
      await new WorktreeManager(new RepoLocks()).create({ repoPath: repo, worktreePath: worktree, branch: 'switchboard/t/p/2', baseRef: 'main' });
      const { prepared } = await prepareWorktree(repo, worktree);
      assert.deepEqual(prepared.byMode.hardlink, { files: 1, bytes: 2048, fellBack: true });
      assert.equal(fs.readFileSync(path.join(worktree, 'big/data.bin'), 'utf8'), 'y'.repeat(2048));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses an in-place write to a hard-linked file with EACCES', async () => {
    const { repo, worktree } = await setup('', { include: [{ path: 'big/', mode: 'hardlink' }] });
    await prepareWorktree(repo, worktree);
    const shared = path.join(worktree, 'big/data.bin');
    if (process.getuid?.() !== 0) {
      assert.throws(() => fs.appendFileSync(shared, 'y'), { code: 'EACCES' });
      return;
    }
    // Permission bits do not bind root (CI runs as root): the write is tried by an unprivileged user,
    // as it binds a sandboxed agent (its capabilities dropped). The folders on the way must let it in.
    fs.chmodSync(path.dirname(worktree), 0o755);
    const asNobody = (code: string) => spawnSync(process.execPath, ['-e', code], { uid: 65534, gid: 65534, encoding: 'utf8' });
    assert.equal(asNobody(`require('fs').readFileSync(${JSON.stringify(shared)})`).status, 0, 'the user can reach and read the file');
    const write = asNobody(`require('fs').appendFileSync(${JSON.stringify(shared)}, 'y')`);
    assert.notEqual(write.status, 0, 'the in-place write failed');
    assert.match(write.stderr, /EACCES/);
    assert.equal(fs.readFileSync(shared, 'utf8'), 'x'.repeat(4096), 'the shared file is unchanged');
  });

  it('clones a reflink rule, or copies and says so where the filesystem cannot', async () => {
    const { repo, worktree } = await setup('', { include: [{ path: 'big/', mode: 'reflink' }] });
    const { prepared } = await prepareWorktree(repo, worktree);
    assert.equal(prepared.byMode.reflink.files, 3);
    assert.equal(fs.readFileSync(path.join(worktree, 'big/data.bin'), 'utf8'), 'x'.repeat(4096));
    assert.notEqual(ino(path.join(worktree, 'big/data.bin')), ino(path.join(repo, 'big/data.bin')), 'a clone or copy, never the same file');
    assert.equal(fs.statSync(path.join(worktree, 'big/run.sh')).mode & 0o777, 0o755);
    assert.equal(typeof prepared.byMode.reflink.fellBack, 'boolean');
  });

  it('lets a copy rule carve an exception out of a linked folder', async () => {
    const { repo, worktree } = await setup('big/run.sh\n', { include: [{ path: 'big/', mode: 'hardlink' }] });
    const { prepared } = await prepareWorktree(repo, worktree);
    assert.notEqual(ino(path.join(worktree, 'big/run.sh')), ino(path.join(repo, 'big/run.sh')));
    assert.equal(ino(path.join(worktree, 'big/data.bin')), ino(path.join(repo, 'big/data.bin')));
    assert.equal(prepared.byMode.copy.files, 1);
  });

  it('reports a broken config and still applies .worktreeinclude', async () => {
    const { repo, worktree } = await setup('.env\n', { include: ['big/'], extra: true });
    const { prepared, config } = await prepareWorktree(repo, worktree);
    assert.equal(config, null);
    assert.match(prepared.configError ?? '', /^\.switchboard\/config\.json:5: extra: /);
    assert.equal(prepared.files, 1);
    assert.ok(fs.existsSync(path.join(worktree, '.env')));
    assert.ok(!fs.existsSync(path.join(worktree, 'big')));
  });
});
