import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sessionBranchName, worktreePathFor } from '../../daemon/worktrees/branchName.js';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { RepoLocks } from '../../daemon/worktrees/repoLock.js';
import { WorktreeManager } from '../../daemon/worktrees/worktreeManager.js';
import { TempDirs, branches, commitAll, git, head, makeRepo, registeredWorktrees, writeFile } from './gitFixtures.js';

async function rejectsWith(promise: Promise<unknown>, reason: GitError['reason']): Promise<GitError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(GitError.is(caught), `expected a GitError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  return caught;
}

describe('creating a session worktree', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  function setup(): { repo: string; home: string; manager: WorktreeManager } {
    return { repo: makeRepo(temp), home: temp.make('switchboard-home-'), manager: new WorktreeManager(new RepoLocks()) };
  }

  it('checks out a new session branch at the base commit in a fresh directory', async () => {
    const { repo, home, manager } = setup();
    const branch = sessionBranchName('claude', 'web app', '1a2b3c4d');
    const worktreePath = worktreePathFor(home, 'web app', 'session-1');

    const { baseCommit } = await manager.create({ repoPath: repo, worktreePath, branch, baseRef: 'main' });

    assert.equal(baseCommit, head(repo));
    assert.equal(branch, 'switchboard/claude/web-app/1a2b3c4d');
    assert.equal(worktreePath, path.join(home, 'worktrees', 'web-app', 'session-1'));
    assert.equal(fs.readFileSync(path.join(worktreePath, 'src', 'app.txt'), 'utf8'), 'line 1\nline 2\n');
    assert.equal(git(worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), branch);
    assert.equal(head(worktreePath), baseCommit);
    assert.ok(registeredWorktrees(repo).includes(worktreePath));
    assert.equal(await manager.currentBranch(worktreePath), branch);
    assert.equal(await manager.headCommit(worktreePath), baseCommit);
    assert.equal(await manager.branchExists(repo, branch), true);
    // The user's checkout is untouched.
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });

  it('starts from any commit-ish: an older commit, a tag', async () => {
    const { repo, home, manager } = setup();
    const first = head(repo);
    git(repo, 'tag', 'v1');
    writeFile(repo, 'later.txt', 'later\n');
    commitAll(repo, 'later');

    const fromSha = await manager.create({ repoPath: repo, worktreePath: path.join(home, 'a'), branch: 'from-sha', baseRef: first });
    const fromTag = await manager.create({ repoPath: repo, worktreePath: path.join(home, 'b'), branch: 'from-tag', baseRef: 'v1' });
    assert.equal(fromSha.baseCommit, first);
    assert.equal(fromTag.baseCommit, first);
    assert.equal(fs.existsSync(path.join(home, 'a', 'later.txt')), false);
  });

  it('refuses a base that does not exist (ref_not_found) and leaves nothing behind', async () => {
    const { repo, home, manager } = setup();
    const worktreePath = path.join(home, 'wt');
    await rejectsWith(manager.create({ repoPath: repo, worktreePath, branch: 'x', baseRef: 'no-such-branch' }), 'ref_not_found');
    assert.equal(fs.existsSync(worktreePath), false);
    assert.deepEqual(branches(repo), ['main']);
  });

  it('refuses an existing branch (branch_exists) without touching it', async () => {
    const { repo, home, manager } = setup();
    git(repo, 'branch', 'taken');
    const before = git(repo, 'rev-parse', 'taken');
    await rejectsWith(manager.create({ repoPath: repo, worktreePath: path.join(home, 'wt'), branch: 'taken', baseRef: 'main' }), 'branch_exists');
    assert.equal(git(repo, 'rev-parse', 'taken'), before);
    assert.equal(fs.existsSync(path.join(home, 'wt')), false);
  });

  it('refuses an existing path (worktree_exists) without touching what is there', async () => {
    const { repo, home, manager } = setup();
    const worktreePath = path.join(home, 'occupied');
    writeFile(worktreePath, 'precious.txt', 'keep me\n');
    await rejectsWith(manager.create({ repoPath: repo, worktreePath, branch: 'fresh', baseRef: 'main' }), 'worktree_exists');
    assert.equal(fs.readFileSync(path.join(worktreePath, 'precious.txt'), 'utf8'), 'keep me\n');
    assert.deepEqual(branches(repo), ['main']);
  });

  it('refuses a path still registered by a deleted worktree (worktree_exists)', async () => {
    const { repo, home, manager } = setup();
    const worktreePath = path.join(home, 'ghost');
    await manager.create({ repoPath: repo, worktreePath, branch: 'ghost', baseRef: 'main' });
    fs.rmSync(worktreePath, { recursive: true, force: true });
    await rejectsWith(manager.create({ repoPath: repo, worktreePath, branch: 'ghost-2', baseRef: 'main' }), 'worktree_exists');
  });

  it('refuses branch names git would reject, and refs that look like options (invalid_ref)', async () => {
    const { repo, home, manager } = setup();
    for (const branch of ['has space', 'a..b', 'x.lock', '-f', 'a~1']) {
      await rejectsWith(manager.create({ repoPath: repo, worktreePath: path.join(home, 'wt'), branch, baseRef: 'main' }), 'invalid_ref');
    }
    await rejectsWith(manager.create({ repoPath: repo, worktreePath: path.join(home, 'wt'), branch: 'ok', baseRef: '--orphan' }), 'invalid_ref');
    assert.deepEqual(branches(repo), ['main']);
  });

  it('rolls back the worktree and the branch when git fails half-way', async function () {
    if (process.platform === 'win32') this.skip(); // Uses a POSIX shell hook to make `worktree add` fail after creating both.
    const { repo, home, manager } = setup();
    const hook = path.join(repo, '.git', 'hooks', 'post-checkout');
    fs.writeFileSync(hook, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const worktreePath = path.join(home, 'worktrees', 'p', 's');

    await rejectsWith(manager.create({ repoPath: repo, worktreePath, branch: 'switchboard/a/p/s', baseRef: 'main' }), 'git_failed');

    assert.equal(fs.existsSync(worktreePath), false);
    assert.deepEqual(branches(repo), ['main']);
    assert.deepEqual(registeredWorktrees(repo), [repo]);
    // And the same names work once the cause is gone.
    fs.rmSync(hook);
    await manager.create({ repoPath: repo, worktreePath, branch: 'switchboard/a/p/s', baseRef: 'main' });
    assert.equal(git(worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'switchboard/a/p/s');
  });

  it('runs work on the new files beside the verification, and rolls everything back once it settles when that work fails', async () => {
    const { repo, home, manager } = setup();
    const worktreePath = path.join(home, 'worktrees', 'p', 'alongside');
    const made = await manager.create({ repoPath: repo, worktreePath, branch: 'switchboard/a/p/ok', baseRef: 'main' }, async (dir) => {
      fs.writeFileSync(path.join(dir, 'brought.txt'), 'x');
      return 'brought';
    });
    assert.equal(made.alongside, 'brought');
    assert.equal(fs.readFileSync(path.join(worktreePath, 'brought.txt'), 'utf8'), 'x');

    const failingPath = path.join(home, 'worktrees', 'p', 'failing');
    let settled = false;
    await assert.rejects(
      manager.create({ repoPath: repo, worktreePath: failingPath, branch: 'switchboard/a/p/bad', baseRef: 'main' }, async (dir) => {
        fs.writeFileSync(path.join(dir, 'half.txt'), 'x');
        settled = true;
        throw new Error('could not bring the files');
      }),
      /could not bring the files/,
    );
    assert.ok(settled);
    assert.equal(fs.existsSync(failingPath), false, 'the worktree went again');
    assert.deepEqual(branches(repo).sort(), ['main', 'switchboard/a/p/ok']);
    assert.deepEqual(registeredWorktrees(repo).length, 2);
  });

  it('creates 20 worktrees on one repository concurrently without lock errors', async () => {
    const { repo, home, manager } = setup();
    const base = head(repo);
    const requests = Array.from({ length: 20 }, (_, i) => ({
      repoPath: repo,
      worktreePath: worktreePathFor(home, 'proj', `session-${i}`),
      branch: sessionBranchName('demo', 'proj', `s${i}`),
      baseRef: 'main',
    }));

    const results = await Promise.allSettled(requests.map((request) => manager.create(request)));

    const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    assert.deepEqual(failures, []);
    for (const result of results) assert.equal(result.status === 'fulfilled' && result.value.baseCommit, base);
    const registered = registeredWorktrees(repo);
    for (const request of requests) {
      assert.ok(registered.includes(request.worktreePath), `${request.worktreePath} not registered`);
      assert.equal(git(request.worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), request.branch);
    }
    assert.equal(new Set(registered).size, 21);
    assert.equal(branches(repo).filter((branch) => branch.startsWith('switchboard/demo/proj/')).length, 20);
  });

  it('shares one lock across managers given the same RepoLocks', async () => {
    const repo = makeRepo(temp);
    const home = temp.make('switchboard-home-');
    const locks = new RepoLocks();
    const managers = [new WorktreeManager(locks), new WorktreeManager(locks)];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        managers[i % 2]!.create({ repoPath: repo, worktreePath: path.join(home, `w${i}`), branch: `b${i}`, baseRef: 'main' }),
      ),
    );
    assert.equal(registeredWorktrees(repo).length, 7);
  });
});
