// The scratch index behind listings and checkpoints sees exactly what `git status` sees — also a
// file rewritten at the same size in the same second as the index was written ("racy git"),
// which a copy of the index with a fresh modification time would report as unchanged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listWorktreeChanges } from '../../daemon/worktrees/changes.js';
import { worktreeTree } from '../../daemon/worktrees/commits.js';
import { git } from './reviewFixtures.js';
import { makeRepo } from '../support/daemonHarness.js';

describe('review: scratch index', function () {
  it('sees a same-size rewrite that only git’s racy-entry check can catch, and leaves the real index alone', async function () {
    const repo = makeRepo({ 'notes.txt': 'user notes\n' });
    const worktree = path.join(fs.mkdtempSync(path.join(path.dirname(repo), 'sb-racy-')), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'racy', worktree);
    git(worktree, 'config', 'core.trustctime', 'false');
    const file = path.join(worktree, 'notes.txt');
    const indexFile = git(worktree, 'rev-parse', '--path-format=absolute', '--git-path', 'index');
    const past = new Date(Date.now() - 100_000);
    // The cached entry gets mtime `past`; then the index file itself is dated `past` too, which
    // makes the entry racy: only a content check can tell whether the file changed since.
    fs.utimesSync(file, past, past);
    git(worktree, 'update-index', '-q', '--refresh');
    fs.utimesSync(indexFile, past, past);
    fs.writeFileSync(file, 'agent notes'); // same size, in place
    fs.utimesSync(file, past, past);
    const indexBytes = fs.readFileSync(indexFile);
    // As the daemon runs it: no opportunistic index refresh, which would rewrite the index.
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: worktree, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    assert.equal(status, ' M notes.txt\n');

    const base = git(worktree, 'rev-parse', 'HEAD');
    const tree = await worktreeTree(worktree);
    assert.notEqual(tree, git(worktree, 'rev-parse', 'HEAD^{tree}'), 'the checkpoint tree has the rewrite');
    const { changes } = await listWorktreeChanges(worktree, base);
    assert.deepEqual(changes.map((c) => `${c.status} ${c.path}`), ['modified notes.txt']);
    assert.deepEqual(fs.readFileSync(indexFile), indexBytes, 'the real index is untouched');
  });
});
