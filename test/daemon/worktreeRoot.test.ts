// Where worktrees go, through the real daemon: SWITCHBOARD_WORKTREE_ROOT puts new worktrees under
// it, a project's own `worktreeRoot` wins, bad roots are refused naming the field, existing
// sessions keep their paths and keep working when the root changes (also across a restart with
// another root), orphans under a custom root are cleaned at start, and a sandboxed agent cannot
// see another session's worktree under a custom root (the root is hidden like the state dir).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../../daemon/protocol/entities.js';
import { DaemonResponseError } from '../../daemon/protocol/client.js';
import { DaemonProcess, git, makeRepo, tempDir } from '../support/daemonHarness.js';
import { agentText, followupTurn, nextTurnEvents, requireBwrap } from '../support/sandboxSupport.js';

describe('worktree roots', function () {
  this.timeout(180_000);
  let daemon: DaemonProcess;
  let userHome: string;
  let daemonRoot: string;
  let repo: string;

  before(async function () {
    await requireBwrap(this);
    // The roots sit in the user's HOME, which sandboxes show read-only: only hiding the root keeps
    // other worktrees out of sight (everything under /tmp is private in a sandbox anyway).
    userHome = tempDir('user');
    daemonRoot = path.join(userHome, 'fleet-worktrees');
    daemon = await DaemonProcess.start({ env: { HOME: userHome, SWITCHBOARD_SANDBOX: 'bwrap', SWITCHBOARD_WORKTREE_ROOT: daemonRoot } });
    repo = makeRepo();
    await daemon.client.api.addProject({ body: { path: repo, slug: 'roots' } });
  });
  after(async () => daemon?.stop());

  async function start(prompt: string): Promise<Session> {
    const since = (await daemon.client.api.health()).lastSeq;
    const { session } = await daemon.client.api.createSession({ body: { project: 'roots', agent: 'demo', action: 'implement', prompt, permissionPolicy: 'allow-all' } });
    await nextTurnEvents(daemon, session.id, since);
    return session;
  }

  async function refusal(worktreeRoot: string): Promise<DaemonResponseError> {
    const err = await daemon.client.api.updateProject({ params: { project: 'roots' }, body: { worktreeRoot } }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof DaemonResponseError, `worktreeRoot ${worktreeRoot} should be refused`);
    return err;
  }

  it('puts new worktrees under the daemon root, then under the project root; old sessions keep their paths and work', async function () {
    const first = await start('think');
    assert.equal(path.dirname(path.dirname(first.worktreePath!)), fs.realpathSync(daemonRoot));
    assert.equal(path.basename(path.dirname(first.worktreePath!)), 'roots');

    for (const bad of [path.join(repo, 'inside'), path.dirname(repo), userHome, 'relative/path']) {
      const err = await refusal(bad);
      assert.equal(err.status, 400);
      assert.equal(err.field, 'worktreeRoot', err.message);
    }

    const projectRoot = path.join(userHome, 'project-worktrees', 'not-yet-made');
    const { project } = await daemon.client.api.updateProject({ params: { project: 'roots' }, body: { worktreeRoot: projectRoot } });
    assert.equal(project.worktreeRoot, projectRoot);
    assert.ok(fs.statSync(projectRoot).isDirectory(), 'a missing root is made');
    const second = await start('think');
    assert.ok(second.worktreePath!.startsWith(fs.realpathSync(projectRoot) + path.sep), second.worktreePath!);

    // The first session stays where it was, and still works there.
    const wrote = await followupTurn(daemon, first.id, 'sneak still-here.txt after the root moved');
    assert.ok(fs.existsSync(path.join(first.worktreePath!, 'still-here.txt')), agentText(wrote));
    assert.equal((await daemon.client.api.getSession({ params: { id: first.id } })).session.worktreePath, first.worktreePath);

    const { project: back } = await daemon.client.api.updateProject({ params: { project: 'roots' }, body: { worktreeRoot: null } });
    assert.equal(back.worktreeRoot ?? null, null);
    const third = await start('think');
    assert.equal(path.dirname(path.dirname(third.worktreePath!)), fs.realpathSync(daemonRoot), 'null goes back to the daemon root');
  });

  it('hides other sessions’ worktrees under a custom root from a sandboxed agent', async function () {
    const other = await start('think');
    const secret = path.join(other.worktreePath!, 'other-secret.txt');
    fs.writeFileSync(secret, 'belongs to the other session\n');
    const session = await start('think');
    assert.equal((await daemon.client.api.getSession({ params: { id: session.id } })).session.isolation?.kind, 'bwrap');

    const read = agentText(await followupTurn(daemon, session.id, `run cat ${secret}`));
    assert.doesNotMatch(read, /belongs to the other session/);
    assert.match(read, /No such file|exit code [1-9]/);
    const listing = agentText(await followupTurn(daemon, session.id, `run ls -A ${path.dirname(other.worktreePath!)}`));
    assert.ok(!listing.includes(path.basename(other.worktreePath!)), `the other worktree is not listed: ${listing}`);
    const write = agentText(await followupTurn(daemon, session.id, `run touch ${path.join(other.worktreePath!, 'planted.txt')}`));
    assert.ok(!fs.existsSync(path.join(other.worktreePath!, 'planted.txt')), write);

    // Its own worktree, under the same hidden root, is there and writable.
    const own = agentText(await followupTurn(daemon, session.id, 'run touch own-file.txt'));
    assert.ok(fs.existsSync(path.join(session.worktreePath!, 'own-file.txt')), own);
  });

  it('after a restart with another root: old sessions work, orphans under the old root are removed', async function () {
    const before = await start('think');
    // A worktree of this repository under the root that no session owns (a crash between create and record).
    const orphan = path.join(daemonRoot, 'roots', 'orphan-left-by-a-crash');
    git(repo, 'worktree', 'add', '-q', '-b', 'orphan-branch', orphan);
    await daemon.stop();
    const newRoot = path.join(userHome, 'another-root');
    daemon = await DaemonProcess.start({ home: daemon.home, env: { HOME: userHome, SWITCHBOARD_SANDBOX: 'bwrap', SWITCHBOARD_WORKTREE_ROOT: newRoot } });
    assert.ok(!fs.existsSync(orphan), 'the orphan under the old root is pruned at start');
    assert.ok(fs.existsSync(before.worktreePath!), 'a session’s worktree under the old root is kept');
    assert.equal(execFileSync('git', ['branch', '--list', 'orphan-branch'], { cwd: repo, encoding: 'utf8' }).trim(), 'orphan-branch', 'its branch is kept');

    const wrote = await followupTurn(daemon, before.id, 'sneak after-restart.txt still works');
    assert.ok(fs.existsSync(path.join(before.worktreePath!, 'after-restart.txt')), agentText(wrote));
    const fresh = await start('think');
    assert.equal(path.dirname(path.dirname(fresh.worktreePath!)), fs.realpathSync(newRoot));
  });
});
