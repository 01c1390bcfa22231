// Landing and dropping a session's work on real repositories through the real daemon: clean
// squash and merge land exactly the agent's changes; conflicts and dirty checkouts are refused
// with nothing moved; discard leaves no change; squash merges (ours and by hand) count as merged;
// a worktree moved to another branch by hand is reported as drift.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ReviewWorld, checkoutState, git, refusal, write } from './reviewFixtures.js';

describe('review: merge, discard, merged detection and drift', function () {
  this.timeout(120_000);
  let world: ReviewWorld;

  before(async function () {
    world = await ReviewWorld.start({ 'README.md': '# demo\n', 'notes.txt': 'user notes\n', 'src/app.txt': 'line 1\nline 2\nline 3\n' });
  });
  after(async function () {
    await world?.stop();
  });

  it('squash: lands exactly the agent changes on the checked-out base branch, keeping unrelated local edits', async function () {
    const s = await world.session('feature.txt', 'new feature');
    // Agent work of every kind: a commit on the session branch and an uncommitted edit.
    write(s.worktreePath, 'src/app.txt', 'line 1\nline 2 by agent\nline 3\n');
    git(s.worktreePath, 'commit', '-q', '-am', 'agent edits app');
    write(s.worktreePath, 'README.md', '# demo\nmore\n');
    // The user edits an unrelated file in their checkout and leaves it uncommitted.
    write(world.repo, 'notes.txt', 'user notes, edited\n');
    const oldTip = git(world.repo, 'rev-parse', 'main');
    const agentDiff = (await world.api.listChanges({ params: { id: s.id }, query: {} })).files.map((f) => `${f.status} ${f.path}`).sort();

    const preview = await world.api.mergePreview({ params: { id: s.id }, query: {} });
    assert.equal(preview.canMerge, true);
    assert.equal(preview.checkout, fs.realpathSync(world.repo));
    assert.match(preview.message, /^write feature\.txt new feature/);

    const res = await world.api.mergeSession({ params: { id: s.id }, body: {} });
    assert.deepEqual([res.strategy, res.into, res.previousTip], ['squash', 'main', oldTip]);
    assert.equal(git(world.repo, 'rev-parse', 'main'), res.commit);
    assert.equal(git(world.repo, 'rev-parse', `${res.commit}^`), oldTip, 'one new commit on top of the old tip');
    assert.throws(() => git(world.repo, 'rev-parse', '--verify', '-q', `${res.commit}^2`), 'a squash has one parent');
    const landed = git(world.repo, 'diff', '--name-status', oldTip, res.commit).split('\n').map((l) => l.replace(/\t/, ' ').replace(/^A/, 'added').replace(/^M/, 'modified')).sort();
    assert.deepEqual(landed, agentDiff);
    assert.equal(git(world.repo, 'show', `${res.commit}:feature.txt`), 'new feature');
    assert.equal(git(world.repo, 'log', '-1', '--format=%an <%ae>', res.commit), 'Switchboard <switchboard@localhost>');
    // The checkout followed its branch: agent files present, the user's edit untouched and still uncommitted.
    assert.equal(fs.readFileSync(path.join(world.repo, 'feature.txt'), 'utf8'), 'new feature');
    assert.equal(fs.readFileSync(path.join(world.repo, 'notes.txt'), 'utf8'), 'user notes, edited\n');
    assert.equal(git(world.repo, 'status', '--porcelain'), 'M notes.txt');
    git(world.repo, 'checkout', '-q', '--', 'notes.txt');

    assert.equal(res.session.merged?.how, 'squash');
    const [merged] = await world.eventsOf(s.id, 'review.merged');
    assert.deepEqual(merged?.payload, { how: 'squash', into: 'main', commit: res.commit, files: 3, checkout: fs.realpathSync(world.repo) });
    // Still merged when listed again (patch equivalence, not ancestry: the branch itself is not merged).
    assert.equal((await world.api.getReviewStatus({ params: { id: s.id } })).merged?.how, 'squash');
    assert.equal((await refusal(world.api.mergeSession({ params: { id: s.id }, body: {} }))).details['reason'], 'nothing_to_merge');
  });

  it('merge: a merge commit on a branch that is not checked out, uncommitted work committed on the session branch first', async function () {
    git(world.repo, 'branch', 'release', 'main');
    const s = await world.session('release-note.txt', 'for release', { baseRef: 'release' });
    const mainBefore = checkoutState(world.repo);
    const oldTip = git(world.repo, 'rev-parse', 'release');

    const res = await world.api.mergeSession({ params: { id: s.id }, body: { strategy: 'merge', message: 'Land the release note' } });
    assert.equal(res.into, 'release');
    assert.equal(git(world.repo, 'rev-parse', 'release'), res.commit);
    assert.equal(git(world.repo, 'rev-parse', `${res.commit}^1`), oldTip);
    assert.equal(git(world.repo, 'rev-parse', `${res.commit}^2`), git(world.repo, 'rev-parse', s.branch), 'second parent is the session branch');
    assert.equal(git(world.repo, 'log', '-1', '--format=%B', res.commit), 'Land the release note');
    assert.equal(git(world.repo, 'diff', '--name-only', oldTip, res.commit), 'release-note.txt');
    assert.equal(res.checkout, null);
    assert.equal(checkoutState(world.repo), mainBefore, 'the main checkout did not move');
    assert.equal(git(s.worktreePath, 'status', '--porcelain'), '', 'the session worktree is clean: its work is committed');
    assert.equal(res.session.merged?.how, 'merge');
  });

  it('conflict: reports the files and leaves both checkouts untouched', async function () {
    const s = await world.session('src/app.txt', 'agent rewrote everything\n');
    write(world.repo, 'src/app.txt', 'line 1\nuser line 2\nline 3\n');
    git(world.repo, 'commit', '-q', '-am', 'user edit');
    write(world.repo, 'scratch.txt', 'untracked user file\n');
    const userBefore = checkoutState(world.repo);
    const agentBefore = checkoutState(s.worktreePath);
    const tip = git(world.repo, 'rev-parse', 'main');

    const preview = await world.api.mergePreview({ params: { id: s.id }, query: {} });
    assert.deepEqual([preview.canMerge, preview.blocker, preview.conflicts.map((c) => c.path)], [false, 'merge_conflict', ['src/app.txt']]);
    const r = await refusal(world.api.mergeSession({ params: { id: s.id }, body: { strategy: 'squash' } }));
    assert.deepEqual([r.status, r.code, r.details['reason']], [409, 'conflict', 'merge_conflict']);
    const conflicts = r.details['conflicts'] as { path: string; types: string[] }[];
    assert.deepEqual(conflicts.map((c) => c.path), ['src/app.txt']);
    assert.match(conflicts[0]!.types.join(), /CONFLICT \(content/);

    assert.equal(checkoutState(world.repo), userBefore, 'user checkout byte-identical');
    assert.equal(checkoutState(s.worktreePath), agentBefore, 'session worktree byte-identical');
    assert.equal(git(world.repo, 'rev-parse', 'main'), tip);
    assert.equal(fs.readFileSync(path.join(world.repo, 'src/app.txt'), 'utf8'), 'line 1\nuser line 2\nline 3\n');
    const [event] = await world.eventsOf(s.id, 'review.merge_conflict');
    assert.deepEqual((event?.payload as { conflicts: { path: string }[] }).conflicts.map((c) => c.path), ['src/app.txt']);
    fs.rmSync(path.join(world.repo, 'scratch.txt'));
  });

  it('refuses when the user checkout has uncommitted changes in files the merge touches', async function () {
    // An untracked file the merge does not touch is no reason to refuse; an edited one it does touch is.
    write(world.repo, 'scratch.txt', 'untracked user file\n');
    const s = await world.session('notes.txt', 'agent notes\n');
    write(world.repo, 'notes.txt', 'user is editing notes\n');
    const before = checkoutState(world.repo);
    const tip = git(world.repo, 'rev-parse', 'main');
    const r = await refusal(world.api.mergeSession({ params: { id: s.id }, body: {} }));
    assert.deepEqual([r.status, r.details['reason'], r.details['files']], [409, 'dirty_checkout', ['notes.txt']]);
    assert.equal(checkoutState(world.repo), before);
    assert.equal(git(world.repo, 'rev-parse', 'main'), tip);
    assert.equal(fs.readFileSync(path.join(world.repo, 'notes.txt'), 'utf8'), 'user is editing notes\n');
    assert.equal((await world.eventsOf(s.id, 'review.merge_refused')).length, 1);
    git(world.repo, 'checkout', '-q', '--', 'notes.txt');
    fs.rmSync(path.join(world.repo, 'scratch.txt'));
  });

  it('discard: the worktree goes back to its base with no change left, the old state kept under a backup ref', async function () {
    const s = await world.session('doomed.txt', 'will go');
    write(s.worktreePath, 'src/app.txt', 'agent was here\n');
    git(s.worktreePath, 'commit', '-q', '-am', 'agent commit');
    write(s.worktreePath, 'README.md', 'uncommitted\n');
    write(s.worktreePath, 'deep/new/file.txt', 'untracked\n');
    assert.equal((await world.api.listChanges({ params: { id: s.id }, query: {} })).files.length, 4);

    const res = await world.api.discardSession({ params: { id: s.id } });
    assert.equal(res.files, 4);
    assert.equal(res.checkpointsRemoved, 1);
    assert.deepEqual((await world.api.listChanges({ params: { id: s.id }, query: {} })).files, []);
    assert.equal(git(s.worktreePath, 'status', '--porcelain', '--untracked-files=all'), '');
    assert.equal(git(s.worktreePath, 'rev-parse', 'HEAD'), s.baseCommit);
    assert.equal(git(s.worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD'), s.branch);
    assert.ok(!fs.existsSync(path.join(s.worktreePath, 'deep')));
    assert.ok(res.backupRef && res.backupCommit);
    assert.equal(git(world.repo, 'show', `${res.backupRef}:deep/new/file.txt`), 'untracked');
    assert.equal(git(world.repo, 'for-each-ref', `refs/switchboard/checkpoints/${s.id}/`), '');
    const [event] = await world.eventsOf(s.id, 'review.discarded');
    assert.equal((event?.payload as { files: number }).files, 4);
  });

  it('reports a session squash-merged by hand as merged (patch equivalence)', async function () {
    const s = await world.session('by-hand.txt', 'merged by hand');
    assert.equal((await world.api.getReviewStatus({ params: { id: s.id } })).merged, null);
    git(s.worktreePath, 'add', '-A');
    git(s.worktreePath, 'commit', '-q', '-m', 'agent work');
    // Meanwhile main moves on with an unrelated commit, then the person squash-merges.
    write(world.repo, 'other.txt', 'unrelated\n');
    git(world.repo, 'add', 'other.txt');
    git(world.repo, 'commit', '-q', '-m', 'unrelated');
    git(world.repo, 'merge', '--squash', '-q', s.branch);
    git(world.repo, 'commit', '-q', '-m', 'squashed by hand');

    const c = await world.api.listChanges({ params: { id: s.id }, query: {} });
    assert.equal(c.merged?.how, 'detected');
    assert.equal(c.merged?.into, 'main');
    assert.equal(c.merged?.commit, git(world.repo, 'rev-parse', 'main'));
    assert.equal((await world.api.getSession({ params: { id: s.id } })).session.merged?.how, 'detected');
    assert.equal((await world.eventsOf(s.id, 'review.merged')).length, 1);
    assert.notEqual(git(world.repo, 'merge-base', 'main', s.branch), git(s.worktreePath, 'rev-parse', 'HEAD'), 'not merged by ancestry');

    // New work after the merge: the session has unmerged changes again.
    await world.turn(s.id, 'write more.txt later');
    assert.equal((await world.api.getSession({ params: { id: s.id } })).session.merged ?? null, null);
  });

  it('detects drift when the worktree is switched to another branch by hand, and its end', async function () {
    const s = await world.session('drift.txt', 'x');
    git(s.worktreePath, 'checkout', '-q', '-b', 'someone-elses-branch');
    const c = await world.api.listChanges({ params: { id: s.id }, query: {} });
    assert.deepEqual([c.drift?.expectedBranch, c.drift?.actualBranch], [s.branch, 'someone-elses-branch']);
    assert.equal((await world.api.getSession({ params: { id: s.id } })).session.drift?.actualBranch, 'someone-elses-branch');
    const r = await refusal(world.api.mergeSession({ params: { id: s.id }, body: {} }));
    assert.deepEqual([r.status, r.details['reason']], [409, 'drift']);
    assert.equal((await refusal(world.api.discardSession({ params: { id: s.id } }))).details['reason'], 'drift');
    // Listing again does not repeat the event; a turn end checks too.
    await world.api.listChanges({ params: { id: s.id }, query: {} });
    assert.equal((await world.eventsOf(s.id, 'review.drift_detected')).length, 1);

    git(s.worktreePath, 'checkout', '-q', s.branch);
    await world.turn(s.id, 'write back.txt again');
    assert.equal((await world.api.getSession({ params: { id: s.id } })).session.drift ?? null, null);
    assert.equal((await world.eventsOf(s.id, 'review.drift_resolved')).length, 1);
  });

  it('refuses merge and discard while the agent is working, and for read-only sessions', async function () {
    const { session } = await world.api.createSession({ body: { project: world.project, agent: 'demo', action: 'implement', prompt: 'hang', permissionPolicy: 'allow-all' } });
    await world.daemon.waitForState(session.id, ['running']);
    const r = await refusal(world.api.mergeSession({ params: { id: session.id }, body: {} }));
    assert.deepEqual([r.status, r.code], [409, 'illegal_transition']);
    assert.equal((await refusal(world.api.discardSession({ params: { id: session.id } }))).code, 'illegal_transition');
    await world.api.stopSession({ params: { id: session.id } });

    const ro = await world.api.createSession({ body: { project: world.project, agent: 'demo', action: 'analyze', prompt: 'think', permissionPolicy: 'allow-all' } });
    assert.equal((await refusal(world.api.listChanges({ params: { id: ro.session.id }, query: {} }))).status, 400);
  });
});
