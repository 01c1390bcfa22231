import assert from 'node:assert/strict';
import { fileChangeKind, parseStatusPorcelainZ, parseWorktreeListPorcelain } from '../../daemon/worktrees/porcelain.js';

const SHA_A = 'e916510b6eca3f3f0650967d802862d1fb366ea1';
const SHA_B = '0123456789abcdef0123456789abcdef01234567';

describe('git status --porcelain=v1 -z parser', () => {
  it('reads modified, deleted, added and untracked entries', () => {
    const output = ' M a.txt\0 D b.txt\0A  s.txt\0?? c.txt\0?? d/sp ace.txt\0';
    assert.deepEqual(parseStatusPorcelainZ(output), [
      { path: 'a.txt', status: ' M', kind: 'modified' },
      { path: 'b.txt', status: ' D', kind: 'deleted' },
      { path: 's.txt', status: 'A ', kind: 'added' },
      { path: 'c.txt', status: '??', kind: 'untracked' },
      { path: 'd/sp ace.txt', status: '??', kind: 'untracked' },
    ]);
  });

  it('takes the original path of a rename from the following field', () => {
    const output = 'R  new name.txt\0old name.txt\0 M other.txt\0';
    assert.deepEqual(parseStatusPorcelainZ(output), [
      { path: 'new name.txt', status: 'R ', kind: 'renamed', originalPath: 'old name.txt' },
      { path: 'other.txt', status: ' M', kind: 'modified' },
    ]);
  });

  it('keeps names verbatim: quotes, arrows, leading spaces and non-ASCII are not escaped with -z', () => {
    const output = '??  lead.txt\0?? "q".txt\0?? a -> b\0?? café.txt\0';
    assert.deepEqual(
      parseStatusPorcelainZ(output).map((entry) => entry.path),
      [' lead.txt', '"q".txt', 'a -> b', 'café.txt'],
    );
  });

  it('returns nothing for a clean worktree', () => {
    assert.deepEqual(parseStatusPorcelainZ(''), []);
  });

  it('refuses output that is not porcelain rather than guessing', () => {
    assert.throws(() => parseStatusPorcelainZ('garbage\0'));
    assert.throws(() => parseStatusPorcelainZ('R  renamed-without-origin\0'));
  });

  it('classifies conflicts, copies and staged-then-edited files', () => {
    assert.equal(fileChangeKind('UU'), 'conflicted');
    assert.equal(fileChangeKind('AA'), 'conflicted');
    assert.equal(fileChangeKind('AM'), 'added');
    assert.equal(fileChangeKind('MD'), 'deleted');
    assert.equal(fileChangeKind('C '), 'copied');
    assert.equal(fileChangeKind(' T'), 'typechange');
    assert.equal(fileChangeKind('MM'), 'modified');
  });
});

describe('git worktree list --porcelain parser', () => {
  it('reads -z output: main checkout first, branches short, detached and locked entries', () => {
    const output = [
      `worktree /repos/app`,
      `HEAD ${SHA_A}`,
      `branch refs/heads/main`,
      ``,
      `worktree /state/worktrees/app/s1`,
      `HEAD ${SHA_B}`,
      `branch refs/heads/switchboard/claude/app/s1`,
      `locked`,
      ``,
      `worktree /state/worktrees/app/s2`,
      `HEAD ${SHA_B}`,
      `detached`,
      `prunable gitdir file points to non-existent location`,
      ``,
      ``,
    ].join('\0');
    assert.deepEqual(parseWorktreeListPorcelain(output), [
      { path: '/repos/app', head: SHA_A, branch: 'main', detached: false, bare: false, locked: false, prunable: false, isMain: true },
      {
        path: '/state/worktrees/app/s1',
        head: SHA_B,
        branch: 'switchboard/claude/app/s1',
        detached: false,
        bare: false,
        locked: true,
        prunable: false,
        isMain: false,
      },
      { path: '/state/worktrees/app/s2', head: SHA_B, branch: null, detached: true, bare: false, locked: false, prunable: true, isMain: false },
    ]);
  });

  it('reads the newline form too, including a bare main entry and an unborn branch', () => {
    const output = [
      'worktree /repos/app.git',
      'bare',
      '',
      'worktree /repos/app-wt',
      'HEAD 0000000000000000000000000000000000000000',
      'branch refs/heads/fresh',
      '',
    ].join('\n');
    const [bare, unborn] = parseWorktreeListPorcelain(output);
    assert.equal(bare?.bare, true);
    assert.equal(bare?.isMain, true);
    assert.equal(unborn?.head, null);
    assert.equal(unborn?.branch, 'fresh');
  });

  it('keeps spaces and newlines in -z paths and ignores attributes it does not know', () => {
    const output = ['worktree /tmp/with space/and\nnewline', `HEAD ${SHA_A}`, 'branch refs/heads/x', 'future-attribute 42', '', ''].join('\0');
    const [entry] = parseWorktreeListPorcelain(output);
    assert.equal(entry?.path, '/tmp/with space/and\nnewline');
    assert.equal(entry?.branch, 'x');
  });

  it('returns nothing for empty output', () => {
    assert.deepEqual(parseWorktreeListPorcelain(''), []);
  });
});
