import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { isValidBranchName, sanitizeRefComponent, sessionBranchName, worktreePathFor } from '../../daemon/worktrees/branchName.js';

/** git itself is the judge of ref validity; the pure builder must agree with it. */
function gitAccepts(branch: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', branch], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HOSTILE_INPUTS = [
  'My Project',
  'a..b',
  '..',
  '.hidden',
  'name.lock',
  'name.lock.lock',
  'x.lock.',
  'trailing.',
  'trailing/',
  '/leading',
  'has/slash',
  'tilde~1',
  'caret^2',
  'colon:x',
  'q?',
  'star*',
  'br[acket',
  'back\\slash',
  'at@{1}',
  '@',
  '-dash',
  'tab\there',
  'new\nline',
  'del\u007f',
  'café',
  '日本語',
  '',
  '   ',
  '--',
  'a'.repeat(300),
];

describe('session branch names', () => {
  it('builds switchboard/{agent}/{project}/{shortId} from clean inputs unchanged', () => {
    assert.equal(sessionBranchName('claude', 'web-app', '1a2b3c4d'), 'switchboard/claude/web-app/1a2b3c4d');
  });

  it('turns every hostile input into a branch name git accepts', () => {
    for (const input of HOSTILE_INPUTS) {
      const branch = sessionBranchName(input, input, input);
      assert.ok(isValidBranchName(branch), `pure check rejects ${JSON.stringify(branch)} built from ${JSON.stringify(input)}`);
      assert.ok(gitAccepts(branch), `git rejects ${JSON.stringify(branch)} built from ${JSON.stringify(input)}`);
      assert.equal(branch.split('/').length, 4, `input ${JSON.stringify(input)} added or removed a level: ${branch}`);
    }
  });

  it('keeps readable parts of messy names', () => {
    assert.equal(sanitizeRefComponent('My Project'), 'my-project');
    assert.equal(sanitizeRefComponent('café'), 'cafe');
    assert.equal(sanitizeRefComponent('has/slash'), 'has-slash');
    assert.equal(sanitizeRefComponent('a..b'), 'a.b');
    assert.equal(sanitizeRefComponent('name.lock'), 'name');
    assert.equal(sanitizeRefComponent('.hidden'), 'hidden');
  });

  it('falls back to a placeholder when nothing usable is left', () => {
    assert.equal(sessionBranchName('', '日本語', '...'), 'switchboard/agent/project/session');
  });

  it('caps each part so paths stay short', () => {
    assert.ok(sanitizeRefComponent('a'.repeat(300)).length <= 64);
  });
});

describe('branch name validation', () => {
  it('agrees with git check-ref-format --branch', () => {
    const samples = [
      'main',
      'feature/x',
      'switchboard/claude/p/1234',
      ...HOSTILE_INPUTS,
      'a/.b',
      'a//b',
      'a/b.lock/c',
      'ends.lock',
      'x@y',
      'v1.0',
    ];
    // `--branch` expands `@` to the current branch instead of judging it; refs forbid a bare `@`.
    for (const sample of samples.filter((s) => s !== '@')) {
      assert.equal(isValidBranchName(sample), gitAccepts(sample), `disagreement on ${JSON.stringify(sample)}`);
    }
  });
});

describe('worktree paths', () => {
  it('puts each session under {root}/worktrees/{project}/{session}', () => {
    const root = path.join('home', 'me', '.switchboard');
    assert.equal(
      worktreePathFor(root, 'web-app', '7f1c2d3e-0000-4000-8000-000000000000'),
      path.join(root, 'worktrees', 'web-app', '7f1c2d3e-0000-4000-8000-000000000000'),
    );
  });

  it('cannot be steered outside the root by the slug or id', () => {
    const root = path.join('state');
    for (const hostile of ['..', '../../etc', 'a/../../b', path.sep, '.']) {
      const result = worktreePathFor(root, hostile, hostile);
      const relative = path.relative(path.join(root, 'worktrees'), result);
      assert.ok(!relative.startsWith('..') && relative.split(path.sep).length === 2, `${JSON.stringify(hostile)} → ${result}`);
    }
  });
});
