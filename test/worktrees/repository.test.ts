import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { inspectRepository } from '../../daemon/worktrees/repository.js';
import { TempDirs, commitAll, git, head, makeRepo, writeFile } from './gitFixtures.js';

async function rejectsWith(promise: Promise<unknown>, reason: GitError['reason'], message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(GitError.is(error), `expected a GitError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('inspecting a repository', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('reports the real root, the default branch and the head commit', async () => {
    const repo = makeRepo(temp);
    const info = await inspectRepository(repo);
    assert.deepEqual(info, { root: fs.realpathSync(repo), defaultBranch: 'main', headCommit: head(repo) });
  });

  it('finds the top level from a subdirectory and through a symlink', async () => {
    const repo = makeRepo(temp);
    const link = path.join(temp.make(), 'link');
    fs.symlinkSync(repo, link);
    assert.equal((await inspectRepository(path.join(repo, 'src'))).root, repo);
    assert.equal((await inspectRepository(link)).root, repo);
  });

  it('refuses a plain directory as not_a_repository, naming the path', async () => {
    const dir = temp.make();
    await rejectsWith(inspectRepository(dir), 'not_a_repository', new RegExp(dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')));
  });

  it('refuses a missing path and a bare repository as not_a_repository', async () => {
    await rejectsWith(inspectRepository(path.join(temp.make(), 'nope')), 'not_a_repository', /does not exist/);
    const bare = path.join(temp.make(), 'bare.git');
    git(path.dirname(bare), 'init', '--quiet', '--bare', bare);
    await rejectsWith(inspectRepository(bare), 'not_a_repository', /bare/);
  });

  it('refuses a repository without commits as no_commits, since worktrees need a base', async () => {
    const repo = makeRepo(temp, { commit: false });
    await rejectsWith(inspectRepository(repo), 'no_commits', /no commits/);
  });

  it('prefers the remote default (origin/HEAD) over the branch currently checked out', async () => {
    const upstream = makeRepo(temp, { branch: 'trunk' });
    const clone = path.join(temp.make(), 'clone');
    git(path.dirname(clone), 'clone', '--quiet', upstream, clone);
    git(clone, 'checkout', '--quiet', '-b', 'feature');
    assert.equal((await inspectRepository(clone)).defaultBranch, 'trunk');
  });

  it('answers origin/<branch> when origin/HEAD names a branch with no local copy', async () => {
    const upstream = makeRepo(temp, { branch: 'trunk' });
    const clone = path.join(temp.make(), 'clone');
    git(path.dirname(clone), 'clone', '--quiet', upstream, clone);
    git(clone, 'checkout', '--quiet', '-b', 'feature');
    git(clone, 'branch', '--quiet', '-D', 'trunk');
    assert.equal((await inspectRepository(clone)).defaultBranch, 'origin/trunk');
  });

  it('uses the main checkout’s branch when there is no remote', async () => {
    const repo = makeRepo(temp, { branch: 'develop' });
    git(repo, 'branch', 'main');
    assert.equal((await inspectRepository(repo)).defaultBranch, 'develop');
  });

  it('answers for the main checkout even when asked from a linked worktree', async () => {
    const repo = makeRepo(temp, { branch: 'develop' });
    const linked = path.join(temp.make(), 'linked');
    git(repo, 'worktree', 'add', '--quiet', '-b', 'side', linked);
    const info = await inspectRepository(linked);
    assert.equal(info.root, linked);
    assert.equal(info.defaultBranch, 'develop');
  });

  it('falls back to main or master when the main checkout is detached', async () => {
    const repo = makeRepo(temp, { branch: 'master' });
    git(repo, 'checkout', '--quiet', '--detach');
    git(repo, 'branch', 'zzz');
    assert.equal((await inspectRepository(repo)).defaultBranch, 'master');
  });

  it('reports a null head commit when the checked-out branch is unborn but others have commits', async () => {
    const repo = makeRepo(temp);
    git(repo, 'checkout', '--quiet', '--orphan', 'empty');
    git(repo, 'rm', '-r', '--quiet', '--cached', '.');
    const info = await inspectRepository(repo);
    assert.equal(info.headCommit, null);
    assert.equal(info.defaultBranch, 'main');
  });

  it('sees new commits in headCommit', async () => {
    const repo = makeRepo(temp);
    writeFile(repo, 'more.txt', 'more\n');
    const second = commitAll(repo, 'second');
    assert.equal((await inspectRepository(repo)).headCommit, second);
  });
});
