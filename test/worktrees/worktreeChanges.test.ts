import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { RepoLocks } from '../../daemon/worktrees/repoLock.js';
import { WorktreeManager } from '../../daemon/worktrees/worktreeManager.js';
import { TempDirs, git, makeRepo, writeFile } from './gitFixtures.js';

describe('reading a worktree’s changes', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  async function withWorktree(): Promise<{ repo: string; worktreePath: string; baseCommit: string; manager: WorktreeManager }> {
    const repo = makeRepo(temp);
    writeFile(repo, 'doomed.txt', 'bye\n');
    writeFile(repo, '.gitignore', 'build/\n');
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'more files');
    const manager = new WorktreeManager(new RepoLocks());
    const worktreePath = path.join(temp.make('switchboard-home-'), 'wt');
    const { baseCommit } = await manager.create({ repoPath: repo, worktreePath, branch: 'session', baseRef: 'main' });
    return { repo, worktreePath, baseCommit, manager };
  }

  /** What a person would look at to see whether we touched their staging area. */
  function indexSnapshot(worktreePath: string): { status: string; staged: string; indexBytes: Buffer } {
    const indexFile = path.resolve(worktreePath, git(worktreePath, 'rev-parse', '--git-path', 'index').trim());
    // Bytes first, and no optional locks, so taking the snapshot cannot itself rewrite the index.
    const indexBytes = fs.readFileSync(indexFile);
    return {
      status: git(worktreePath, '--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all'),
      staged: git(worktreePath, '--no-optional-locks', 'diff', '--cached', '--name-status'),
      indexBytes,
    };
  }

  it('lists modified, staged-new, deleted and untracked files, but not ignored ones', async () => {
    const { worktreePath, manager } = await withWorktree();
    writeFile(worktreePath, 'src/app.txt', 'line 1\nline 2 changed\n');
    writeFile(worktreePath, 'staged.txt', 'new and staged\n');
    git(worktreePath, 'add', 'staged.txt');
    fs.rmSync(path.join(worktreePath, 'doomed.txt'));
    writeFile(worktreePath, 'notes/new file.md', 'untracked\n');
    writeFile(worktreePath, 'build/out.js', 'ignored\n');

    const files = await manager.uncommittedFiles(worktreePath);

    const byPath = new Map(files.map((file) => [file.path, file]));
    assert.deepEqual([...byPath.keys()].sort(), ['doomed.txt', 'notes/new file.md', 'src/app.txt', 'staged.txt']);
    assert.equal(byPath.get('src/app.txt')?.status, ' M');
    assert.equal(byPath.get('staged.txt')?.status, 'A ');
    assert.equal(byPath.get('doomed.txt')?.status, ' D');
    assert.equal(byPath.get('notes/new file.md')?.status, '??');
    assert.equal(byPath.get('notes/new file.md')?.kind, 'untracked');
  });

  it('reports a clean worktree as no files', async () => {
    const { worktreePath, manager } = await withWorktree();
    assert.deepEqual(await manager.uncommittedFiles(worktreePath), []);
  });

  it('diffs committed, modified and untracked work against the base without touching the real index', async () => {
    const { worktreePath, baseCommit, manager } = await withWorktree();
    writeFile(worktreePath, 'committed.txt', 'agent committed this\n');
    git(worktreePath, 'add', 'committed.txt');
    git(worktreePath, 'commit', '--quiet', '-m', 'agent commit');
    writeFile(worktreePath, 'src/app.txt', 'line 1\nline 2 changed\n');
    writeFile(worktreePath, 'brand new.txt', 'hello from an untracked file\n');
    writeFile(worktreePath, 'half-staged.txt', 'staged by the agent\n');
    git(worktreePath, 'add', 'half-staged.txt');
    fs.rmSync(path.join(worktreePath, 'doomed.txt'));
    writeFile(worktreePath, 'build/ignored.js', 'ignored\n');
    const before = indexSnapshot(worktreePath);

    const diff = await manager.diffAgainstBase(worktreePath, baseCommit);

    assert.deepEqual(indexSnapshot(worktreePath), before);
    assert.match(diff, /^diff --git a\/brand new\.txt b\/brand new\.txt\nnew file mode 100644\n/m);
    assert.match(diff, /^\+hello from an untracked file$/m);
    assert.match(diff, /^diff --git a\/src\/app\.txt b\/src\/app\.txt$/m);
    assert.match(diff, /^-line 2$/m);
    assert.match(diff, /^\+line 2 changed$/m);
    assert.match(diff, /^\+agent committed this$/m);
    assert.match(diff, /^\+staged by the agent$/m);
    assert.match(diff, /^diff --git a\/doomed\.txt b\/doomed\.txt\ndeleted file mode/m);
    assert.doesNotMatch(diff, /ignored/);
  });

  it('produces a patch that applies cleanly to the base', async () => {
    const { repo, worktreePath, baseCommit, manager } = await withWorktree();
    writeFile(worktreePath, 'src/app.txt', 'line 1\nline 2 changed\n');
    writeFile(worktreePath, 'added/deep.txt', 'deep\n');
    const diff = await manager.diffAgainstBase(worktreePath, baseCommit);

    const check = path.join(temp.make(), 'check');
    git(repo, 'worktree', 'add', '--quiet', '--detach', check, baseCommit);
    const patch = path.join(temp.make(), 'change.patch');
    fs.writeFileSync(patch, diff);
    git(check, 'apply', patch);
    assert.equal(fs.readFileSync(path.join(check, 'added', 'deep.txt'), 'utf8'), 'deep\n');
    assert.equal(fs.readFileSync(path.join(check, 'src', 'app.txt'), 'utf8'), 'line 1\nline 2 changed\n');
  });

  it('keeps the standard a/ b/ prefixes whatever the user’s diff config says', async () => {
    const { repo, worktreePath, baseCommit, manager } = await withWorktree();
    git(repo, 'config', 'diff.noprefix', 'true');
    writeFile(worktreePath, 'src/app.txt', 'changed\n');
    assert.match(await manager.diffAgainstBase(worktreePath, baseCommit), /^diff --git a\/src\/app\.txt b\/src\/app\.txt$/m);
  });

  it('returns an empty diff for an untouched worktree', async () => {
    const { worktreePath, baseCommit, manager } = await withWorktree();
    assert.equal(await manager.diffAgainstBase(worktreePath, baseCommit), '');
  });

  it('refuses an unknown base (ref_not_found) and a directory that is not a worktree (not_a_repository)', async () => {
    const { worktreePath, manager } = await withWorktree();
    await assert.rejects(manager.diffAgainstBase(worktreePath, '0'.repeat(40)), (error: unknown) => GitError.is(error, 'ref_not_found'));
    const plain = path.join(worktreePath, 'src'); // Inside a worktree but not its top level.
    await assert.rejects(manager.uncommittedFiles(plain), (error: unknown) => GitError.is(error, 'not_a_repository'));
    await assert.rejects(manager.diffAgainstBase(temp.make(), 'HEAD'), (error: unknown) => GitError.is(error, 'not_a_repository'));
  });

  it('reads the branch and head of a detached worktree as null branch', async () => {
    const { worktreePath, baseCommit, manager } = await withWorktree();
    git(worktreePath, 'checkout', '--quiet', '--detach');
    assert.equal(await manager.currentBranch(worktreePath), null);
    assert.equal(await manager.headCommit(worktreePath), baseCommit);
  });

  it('lists worktrees with their branches, main checkout first', async () => {
    const { repo, worktreePath, baseCommit, manager } = await withWorktree();
    const list = await manager.listWorktrees(repo);
    assert.equal(list.length, 2);
    assert.equal(list[0]?.path, repo);
    assert.equal(list[0]?.isMain, true);
    assert.equal(list[1]?.path, worktreePath);
    assert.equal(list[1]?.branch, 'session');
    assert.equal(list[1]?.head, baseCommit);
  });
});
