import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { RepoLocks } from '../../daemon/worktrees/repoLock.js';
import { WorktreeManager } from '../../daemon/worktrees/worktreeManager.js';
import { TempDirs, branches, git, makeRepo, registeredWorktrees, writeFile } from './gitFixtures.js';

describe('removing a session worktree', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  async function withWorktree(): Promise<{ repo: string; home: string; worktreePath: string; branch: string; manager: WorktreeManager }> {
    const repo = makeRepo(temp);
    const home = temp.make('switchboard-home-');
    const manager = new WorktreeManager(new RepoLocks());
    const worktreePath = path.join(home, 'worktrees', 'proj', 'session');
    const branch = 'switchboard/demo/proj/abcd1234';
    await manager.create({ repoPath: repo, worktreePath, branch, baseRef: 'main' });
    return { repo, home, worktreePath, branch, manager };
  }

  it('removes the directory and the registration but keeps the branch by default', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    writeFile(worktreePath, 'unsaved.txt', 'agent work\n'); // Uncommitted work does not block removal.

    const result = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: false });

    assert.deepEqual(result, { worktreeRemoved: true, branchDeleted: false });
    assert.equal(fs.existsSync(worktreePath), false);
    assert.deepEqual(registeredWorktrees(repo), [repo]);
    assert.ok(branches(repo).includes(branch));
  });

  it('deletes the branch too when asked, even with unmerged commits on it', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    writeFile(worktreePath, 'feature.txt', 'done\n');
    git(worktreePath, 'add', '--all');
    git(worktreePath, 'commit', '--quiet', '-m', 'agent commit');

    const result = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: true });

    assert.deepEqual(result, { worktreeRemoved: true, branchDeleted: true });
    assert.deepEqual(branches(repo), ['main']);
    assert.equal(fs.existsSync(worktreePath), false);
  });

  it('is idempotent: a second removal reports that nothing was left to remove', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: true });
    const again = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: true });
    assert.deepEqual(again, { worktreeRemoved: false, branchDeleted: false });
  });

  it('cleans up a worktree whose directory was already deleted by hand', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    fs.rmSync(worktreePath, { recursive: true, force: true });
    const result = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: true });
    assert.deepEqual(result, { worktreeRemoved: true, branchDeleted: true });
    assert.deepEqual(registeredWorktrees(repo), [repo]);
  });

  it('removes a locked worktree (it is the daemon’s own directory)', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    git(repo, 'worktree', 'lock', worktreePath);
    const result = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: false });
    assert.equal(result.worktreeRemoved, true);
    assert.equal(fs.existsSync(worktreePath), false);
  });

  it('never removes the main checkout', async () => {
    const { repo, manager } = await withWorktree();
    await assert.rejects(manager.remove({ repoPath: repo, worktreePath: repo, branch: 'main', deleteBranch: true }), (error: unknown) =>
      GitError.is(error, 'main_worktree'),
    );
    assert.ok(fs.existsSync(path.join(repo, 'README.md')));
    assert.ok(branches(repo).includes('main'));
  });

  it('refuses to delete a branch that is checked out somewhere else (branch_in_use)', async () => {
    const { repo, worktreePath, manager } = await withWorktree();
    await assert.rejects(manager.remove({ repoPath: repo, worktreePath, branch: 'main', deleteBranch: true }), (error: unknown) =>
      GitError.is(error, 'branch_in_use'),
    );
    assert.ok(branches(repo).includes('main'));
  });

  it('leaves an unrelated directory at the path alone', async () => {
    const repo = makeRepo(temp);
    const manager = new WorktreeManager(new RepoLocks());
    const stranger = path.join(temp.make(), 'not-a-worktree');
    writeFile(stranger, 'data.txt', 'mine\n');
    const result = await manager.remove({ repoPath: repo, worktreePath: stranger, branch: null, deleteBranch: false });
    assert.deepEqual(result, { worktreeRemoved: false, branchDeleted: false });
    assert.equal(fs.readFileSync(path.join(stranger, 'data.txt'), 'utf8'), 'mine\n');
  });

  it('deletes a leftover checkout whose registration is already gone', async () => {
    const { repo, worktreePath, branch, manager } = await withWorktree();
    // Simulate an interrupted removal: git's admin entry gone, the checkout still on disk.
    const adminDirs = path.join(repo, '.git', 'worktrees');
    fs.rmSync(adminDirs, { recursive: true, force: true });
    const result = await manager.remove({ repoPath: repo, worktreePath, branch, deleteBranch: true });
    assert.deepEqual(result, { worktreeRemoved: true, branchDeleted: true });
    assert.equal(fs.existsSync(worktreePath), false);
  });
});

describe('pruning orphaned worktrees after a crash', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('removes worktrees under the root that no session claims, and nothing else', async () => {
    const repo = makeRepo(temp);
    const home = temp.make('switchboard-home-');
    const elsewhere = temp.make('user-worktrees-');
    const manager = new WorktreeManager(new RepoLocks());
    const root = path.join(home, 'worktrees');
    const kept = path.join(root, 'proj', 'kept');
    const orphan = path.join(root, 'proj', 'orphan');
    const orphanGone = path.join(root, 'proj', 'orphan-gone');
    const users = path.join(elsewhere, 'users-own');
    for (const [worktreePath, branch] of [
      [kept, 'b-kept'],
      [orphan, 'b-orphan'],
      [orphanGone, 'b-orphan-gone'],
      [users, 'b-users'],
    ] as const) {
      await manager.create({ repoPath: repo, worktreePath, branch, baseRef: 'main' });
    }
    fs.rmSync(orphanGone, { recursive: true, force: true });

    const removed = await manager.pruneOrphans(repo, [kept], root);

    assert.deepEqual([...removed].sort(), [orphan, orphanGone].sort());
    assert.deepEqual(registeredWorktrees(repo).sort(), [repo, kept, users].sort());
    assert.equal(fs.existsSync(orphan), false);
    assert.ok(fs.existsSync(path.join(kept, 'README.md')));
    assert.ok(fs.existsSync(path.join(users, 'README.md')));
    // Branches survive: they may hold the only copy of an agent's commits.
    assert.ok(branches(repo).includes('b-orphan'));
  });

  it('matches keep paths however they are spelled (symlinks, trailing separators)', async () => {
    const repo = makeRepo(temp);
    const home = temp.make('switchboard-home-');
    const link = path.join(temp.make(), 'home-link');
    fs.symlinkSync(home, link);
    const manager = new WorktreeManager(new RepoLocks());
    const kept = path.join(home, 'worktrees', 'p', 's');
    await manager.create({ repoPath: repo, worktreePath: kept, branch: 'b', baseRef: 'main' });

    const removed = await manager.pruneOrphans(repo, [`${path.join(link, 'worktrees', 'p', 's')}${path.sep}`], path.join(link, 'worktrees'));

    assert.deepEqual(removed, []);
    assert.ok(fs.existsSync(kept));
  });

  it('does nothing when there is nothing to prune', async () => {
    const repo = makeRepo(temp);
    const manager = new WorktreeManager(new RepoLocks());
    assert.deepEqual(await manager.pruneOrphans(repo, [], path.join(temp.make(), 'worktrees')), []);
    assert.deepEqual(registeredWorktrees(repo), [repo]);
  });
});
