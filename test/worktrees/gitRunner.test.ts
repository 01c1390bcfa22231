import assert from 'node:assert/strict';
import path from 'node:path';
import { GitError } from '../../daemon/worktrees/gitError.js';
import { execGit, runGit } from '../../daemon/worktrees/gitRunner.js';
import { MIN_GIT_VERSION, checkGitVersion, isAtLeast, parseGitVersion } from '../../daemon/worktrees/gitVersion.js';
import { inspectRepository } from '../../daemon/worktrees/repository.js';
import { TempDirs, makeRepo } from './gitFixtures.js';

/** Sets environment variables for the duration of `fn`, then restores them exactly. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('running git', () => {
  const temp = new TempDirs();
  afterEach(() => temp.removeAll());

  it('returns the exit code and streams of a failing command instead of throwing', async () => {
    const repo = makeRepo(temp);
    const result = await execGit(repo, ['rev-parse', '--verify', '--quiet', 'no-such-ref']);
    assert.deepEqual(result, { exitCode: 1, stdout: '', stderr: '' });
  });

  it('keeps output byte-exact (no trimming), which -z parsing relies on', async () => {
    const repo = makeRepo(temp);
    assert.equal(await runGit(repo, ['ls-files', '-z', 'README.md']), 'README.md\0');
  });

  it('throws git_failed with the arguments and stderr when asked for output of a failing command', async () => {
    const repo = makeRepo(temp);
    await assert.rejects(runGit(repo, ['checkout', 'no-such-branch']), (error: unknown) => {
      assert.ok(GitError.is(error, 'git_failed'));
      assert.deepEqual(error.args, ['checkout', 'no-such-branch']);
      assert.match(error.stderr ?? '', /no-such-branch/);
      return true;
    });
  });

  it('refuses a working directory that does not exist as not_a_repository', async () => {
    await assert.rejects(execGit(path.join(temp.make(), 'missing'), ['status']), (error: unknown) => GitError.is(error, 'not_a_repository'));
  });

  it('reports git_unavailable when git cannot be started', async () => {
    const repo = makeRepo(temp);
    await withEnv({ PATH: path.join(temp.make(), 'empty-bin') }, async () => {
      await assert.rejects(execGit(repo, ['status']), (error: unknown) => GitError.is(error, 'git_unavailable'));
    });
  });

  it('ignores GIT_DIR and friends inherited by the daemon, and pagers/editors in its environment', async () => {
    const repo = makeRepo(temp);
    const other = makeRepo(temp);
    await withEnv(
      { GIT_DIR: path.join(other, '.git'), GIT_WORK_TREE: other, GIT_PAGER: 'false', EDITOR: 'false', PAGER: 'false' },
      async () => {
        assert.equal((await inspectRepository(repo)).root, repo);
      },
    );
  });
});

describe('git version check', () => {
  it('reads the version formats git prints on each platform', () => {
    assert.deepEqual(parseGitVersion('git version 2.39.5\n'), [2, 39, 5]);
    assert.deepEqual(parseGitVersion('git version 2.45.1.windows.1\n'), [2, 45, 1]);
    assert.deepEqual(parseGitVersion('git version 2.37.1 (Apple Git-137.1)\n'), [2, 37, 1]);
    assert.deepEqual(parseGitVersion('git version 3.0\n'), [3, 0, 0]);
    assert.equal(parseGitVersion('not git'), null);
  });

  it('compares versions component by component', () => {
    assert.equal(isAtLeast([2, 36, 0], MIN_GIT_VERSION), true);
    assert.equal(isAtLeast([2, 100, 0], MIN_GIT_VERSION), true);
    assert.equal(isAtLeast([3, 0, 0], MIN_GIT_VERSION), true);
    assert.equal(isAtLeast([2, 35, 9], MIN_GIT_VERSION), false);
    assert.equal(isAtLeast([1, 99, 99], MIN_GIT_VERSION), false);
  });

  it('accepts the git installed here', async () => {
    const { version } = await checkGitVersion();
    assert.match(version, /^\d+\.\d+\.\d+$/);
  });
});
