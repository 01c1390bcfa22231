// Warm worktrees through the real daemon: a project whose config asks for one keeps a spare
// worktree of its default branch ready; the next session starts from it when it matches exactly
// (base commit, included files unchanged), and gets a fresh worktree otherwise. Spares are on no
// branch, and a daemon restart prunes them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonProcess, git, makeRepo, until } from '../support/daemonHarness.js';

describe('warm worktrees', function () {
  this.timeout(180_000);
  let daemon: DaemonProcess;
  let repo: string;
  before(async () => {
    daemon = await DaemonProcess.start({ env: { SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
    repo = makeRepo({
      'README.md': '# warm\n',
      '.gitignore': 'big/\n',
      '.switchboard/config.json': `${JSON.stringify({ warmWorktree: true, include: [{ path: 'big/', mode: 'hardlink' }] })}\n`,
    });
    fs.mkdirSync(path.join(repo, 'big'));
    fs.writeFileSync(path.join(repo, 'big', 'data.bin'), 'x'.repeat(4096));
    await daemon.client.api.addProject({ body: { path: repo, slug: 'warm' } });
  });
  after(async () => daemon?.stop());

  const spares = (): string[] =>
    git(repo, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((l) => l.startsWith('worktree ') && path.basename(l).startsWith('.warm-'))
      .map((l) => l.slice('worktree '.length));

  /** Waits for the daemon to say a spare is ready (after `since`). */
  async function spareReady(since: number): Promise<void> {
    await until(
      'a warm worktree to be ready',
      async () => {
        const { events } = await daemon.client.api.listEvents({ query: { project: 'warm', type: 'log', since, limit: 1000 } });
        return events.some((e) => JSON.stringify(e.payload).includes('is ready for the next session')) || null;
      },
      30_000,
    );
  }

  async function start(): Promise<Session> {
    const { session } = await daemon.client.api.createSession({ body: { project: 'warm', agent: 'demo', action: 'implement', prompt: 'think' } });
    await daemon.waitForState(session.id, ['completed']);
    return session;
  }

  async function fromSpare(sessionId: string): Promise<boolean> {
    const { events } = await daemon.client.api.listEvents({ query: { session: sessionId, type: 'log', limit: 1000 } });
    return events.some((e) => JSON.stringify(e.payload).includes("the project's warm spare"));
  }

  function checkWorktree(s: Session, baseCommit: string): void {
    assert.ok(s.worktreePath && fs.existsSync(s.worktreePath));
    assert.equal(git(s.worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD'), s.branch);
    assert.equal(git(s.worktreePath, 'rev-parse', 'HEAD'), baseCommit);
    assert.equal(s.baseCommit, baseCommit);
    assert.equal(fs.statSync(path.join(s.worktreePath, 'big', 'data.bin')).ino, fs.statSync(path.join(repo, 'big', 'data.bin')).ino);
  }

  it('starts the next session from the spare, on its own branch, with its files; then makes another spare', async function () {
    const head = git(repo, 'rev-parse', 'main');
    const { lastSeq } = await daemon.client.api.health();
    const first = await start();
    assert.equal(await fromSpare(first.id), false, 'nothing to take yet');
    await spareReady(lastSeq);
    assert.equal(spares().length, 1);
    const spare = spares()[0]!;
    const second = await start();
    assert.equal(await fromSpare(second.id), true);
    checkWorktree(second, head);
    assert.ok(!fs.existsSync(spare), 'the spare became the session worktree');
    // Spares are detached: no branch of their own in the repository.
    assert.deepEqual(git(repo, 'branch', '--list', '--format=%(refname:short)').split('\n').filter((b) => !b.startsWith('switchboard/demo/warm/')), ['main']);
    await spareReady((await daemon.client.api.health()).lastSeq - 50);
  });

  it('does not use a spare whose base moved or whose included files changed', async function () {
    await until('a spare', () => (spares().length === 1 ? true : null), 30_000);
    await spareReady(0);
    fs.writeFileSync(path.join(repo, 'NEWS.md'), 'moved on\n');
    git(repo, 'add', 'NEWS.md');
    git(repo, 'commit', '-q', '-m', 'main moves');
    const beforeMoved = (await daemon.client.api.health()).lastSeq;
    const moved = await start();
    assert.equal(await fromSpare(moved.id), false, 'the spare was made before main moved');
    checkWorktree(moved, git(repo, 'rev-parse', 'main'));
    await spareReady(beforeMoved);
    await until('the stale spare gone, one fresh spare left', () => (spares().length === 1 ? true : null), 30_000);
    // An included file replaced in the checkout (tools replace rather than edit): stale again.
    fs.rmSync(path.join(repo, 'big', 'data.bin'));
    fs.writeFileSync(path.join(repo, 'big', 'data.bin'), 'y'.repeat(4096));
    const changed = await start();
    assert.equal(await fromSpare(changed.id), false);
    checkWorktree(changed, git(repo, 'rev-parse', 'main'));
  });

  it('leaves no spare behind a daemon restart', async function () {
    await until('a spare', () => (spares().length === 1 ? true : null), 30_000);
    await daemon.stop();
    daemon = await DaemonProcess.start({ home: daemon.home, env: { SWITCHBOARD_MEMORY_FLOOR_MB: '0' } });
    assert.deepEqual(spares(), []);
  });
});
