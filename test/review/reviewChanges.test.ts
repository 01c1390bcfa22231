// A session's changes as the review UI reads them, on the real daemon and real repositories:
// the changed-file list with its facets, file contents at the base, diffs, per-turn checkpoints
// that never touch the worktree's index, and the 1,000-file listing figure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ReviewWorld, git, refusal, sha256, write } from './reviewFixtures.js';

describe('review: changes, contents, diffs and checkpoints', function () {
  this.timeout(120_000);
  let world: ReviewWorld;

  before(async function () {
    const base: Record<string, string> = {
      'README.md': '# demo\n',
      'src/keep.txt': 'keep\n',
      'src/edit.txt': 'one\ntwo\nthree\n',
      'src/gone.txt': 'bye\n',
      'docs/old-name.md': 'a file that will be renamed\nwith several lines\nso rename detection\nfinds it\n',
    };
    for (let i = 0; i < 400; i++) base[`bulk/file-${String(i).padStart(4, '0')}.txt`] = `bulk file ${i}\nline two\n`;
    world = await ReviewWorld.start(base);
    fs.writeFileSync(path.join(world.repo, 'logo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
    git(world.repo, 'add', 'logo.bin');
    git(world.repo, 'commit', '-q', '-m', 'binary');
  });
  after(async function () {
    await world?.stop();
  });

  it('lists committed, uncommitted and untracked changes with status and line counts', async function () {
    const s = await world.session('agent.txt', 'from the agent');
    const wt = s.worktreePath;
    // Committed on the session branch: an edit and a deletion.
    write(wt, 'src/edit.txt', 'one\nTWO\nthree\nfour\n');
    git(wt, 'rm', '-q', 'src/gone.txt');
    git(wt, 'commit', '-q', '-am', 'agent commit');
    // Uncommitted: a rename (staged) and an unstaged edit of the binary file; agent.txt is untracked.
    git(wt, 'mv', 'docs/old-name.md', 'docs/new-name.md');
    fs.writeFileSync(path.join(wt, 'logo.bin'), Buffer.from([0x89, 0x50, 0, 9, 9]));

    const c = await world.api.listChanges({ params: { id: s.id }, query: {} });
    const byPath = new Map(c.files.map((f) => [f.path, f]));
    assert.deepEqual([...byPath.keys()].sort(), ['agent.txt', 'docs/new-name.md', 'logo.bin', 'src/edit.txt', 'src/gone.txt']);
    assert.deepEqual(pick(byPath.get('agent.txt')), { status: 'added', oldPath: null, additions: 1, deletions: 0, binary: false, committed: false, uncommitted: false, untracked: true });
    assert.deepEqual(pick(byPath.get('src/edit.txt')), { status: 'modified', oldPath: null, additions: 2, deletions: 1, binary: false, committed: true, uncommitted: false, untracked: false });
    assert.deepEqual(pick(byPath.get('src/gone.txt')), { status: 'deleted', oldPath: null, additions: 0, deletions: 1, binary: false, committed: true, uncommitted: false, untracked: false });
    assert.deepEqual(pick(byPath.get('docs/new-name.md')), { status: 'renamed', oldPath: 'docs/old-name.md', additions: 0, deletions: 0, binary: false, committed: false, uncommitted: true, untracked: false });
    assert.deepEqual(pick(byPath.get('logo.bin')), { status: 'modified', oldPath: null, additions: null, deletions: null, binary: true, committed: false, uncommitted: true, untracked: false });
    assert.deepEqual(c.totals, { files: 5, additions: 3, deletions: 2 });
    assert.equal(c.from.kind, 'base');
    assert.equal(c.from.commit, s.baseCommit);
    assert.equal(c.to.kind, 'worktree');
    assert.equal(c.drift, null);

    // The left side of each diff: content at the base, byte for byte; 404 for files the base lacks.
    const edit = await world.api.getBaseFile({ params: { id: s.id }, query: { path: 'src/edit.txt' } });
    assert.deepEqual([edit.content, edit.encoding, edit.binary, edit.mode, edit.revision.kind], ['one\ntwo\nthree\n', 'utf8', false, '100644', 'base']);
    const renamedFrom = await world.api.getBaseFile({ params: { id: s.id }, query: { path: 'docs/old-name.md' } });
    assert.match(renamedFrom.content, /will be renamed/);
    const logo = await world.api.getBaseFile({ params: { id: s.id }, query: { path: 'logo.bin' } });
    assert.equal(logo.encoding, 'base64');
    assert.deepEqual(Buffer.from(logo.content, 'base64'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]));
    const missing = await refusal(world.api.getBaseFile({ params: { id: s.id }, query: { path: 'agent.txt' } }));
    assert.deepEqual([missing.code, missing.status], ['not_found', 404]);
    for (const bad of ['../outside.txt', '/etc/passwd', 'src/../../x', '.git/config', 'src//edit.txt']) {
      const r = await refusal(world.api.getBaseFile({ params: { id: s.id }, query: { path: bad } }));
      assert.deepEqual([r.code, r.status], ['invalid_request', 400], bad);
    }

    // Diffs: one path, or everything.
    const one = await world.api.getDiff({ params: { id: s.id }, query: { path: 'src/edit.txt' } });
    assert.match(one.diff, /^diff --git a\/src\/edit\.txt b\/src\/edit\.txt/);
    assert.match(one.diff, /-two\n\+TWO\n/);
    assert.doesNotMatch(one.diff, /agent\.txt/);
    const all = await world.api.getDiff({ params: { id: s.id }, query: {} });
    for (const p of ['agent.txt', 'src/gone.txt', 'docs/new-name.md', 'logo.bin']) assert.ok(all.diff.includes(p), p);
  });

  it('records a checkpoint per turn: each turn has its own diff, and the worktree index is never touched', async function () {
    const s = await world.session('one.txt', 'first');
    const wt = s.worktreePath;
    const [first] = await world.eventsOf(s.id, 'review.checkpoint_created');
    assert.equal((first?.payload as { turn: number; files: number }).turn, 0);
    assert.equal((first?.payload as { files: number }).files, 1);

    // Something the agent staged by itself; the daemon must leave the index exactly as it is.
    git(wt, 'add', 'one.txt');
    const indexFile = path.join(git(wt, 'rev-parse', '--path-format=absolute', '--git-dir'), 'index');
    const indexBefore = sha256(indexFile);
    const stagedBefore = git(wt, 'diff', '--cached', '--name-only');

    await world.turn(s.id, 'write two.txt second');
    await world.turn(s.id, 'write one.txt changed');
    assert.equal(sha256(indexFile), indexBefore, 'the index file is byte-identical');
    assert.equal(git(wt, 'diff', '--cached', '--name-only'), stagedBefore);
    assert.equal(git(wt, 'rev-parse', 'HEAD'), s.baseCommit, 'no commit on the session branch');
    assert.equal(git(wt, 'rev-parse', '--abbrev-ref', 'HEAD'), s.branch);

    const turnFiles = async (turn: number) => (await world.api.listChanges({ params: { id: s.id }, query: { turn } })).files.map((f) => `${f.status} ${f.path} +${f.additions} -${f.deletions}`);
    assert.deepEqual(await turnFiles(0), ['added one.txt +1 -0']);
    assert.deepEqual(await turnFiles(1), ['added two.txt +1 -0']);
    assert.deepEqual(await turnFiles(2), ['modified one.txt +1 -1']);

    const turn2 = await world.api.listChanges({ params: { id: s.id }, query: { turn: 2 } });
    assert.deepEqual([turn2.from.kind, turn2.from.turn, turn2.to.kind, turn2.to.turn], ['checkpoint', 1, 'checkpoint', 2]);
    const diff1 = await world.api.getDiff({ params: { id: s.id }, query: { turn: 1 } });
    assert.match(diff1.diff, /two\.txt/);
    assert.doesNotMatch(diff1.diff, /one\.txt/);
    // Left and right sides of turn 2's diff of one.txt.
    const before = await world.api.getBaseFile({ params: { id: s.id }, query: { path: 'one.txt', turn: 2 } });
    const after = await world.api.getCheckpointFile({ params: { id: s.id }, query: { path: 'one.txt', turn: 2 } });
    assert.deepEqual([before.content, after.content], ['first', 'changed']);
    assert.equal((await refusal(world.api.getBaseFile({ params: { id: s.id }, query: { path: 'one.txt', turn: 0 } }))).status, 404);

    const status = await world.api.getReviewStatus({ params: { id: s.id } });
    assert.deepEqual(status.checkpoints.map((c) => c.turn), [0, 1, 2]);
    assert.equal(status.checkpointPolicy, 'per-turn');
    assert.ok(git(world.repo, 'for-each-ref', `refs/switchboard/checkpoints/${s.id}/`).split('\n').length === 3);

    // Policy none: the next turn leaves no checkpoint, so it has no own diff.
    const { session } = await world.api.updateReviewSettings({ params: { id: s.id }, body: { checkpointPolicy: 'none' } });
    assert.equal(session.checkpointPolicy, 'none');
    const index = await world.turn(s.id, 'write three.txt third');
    assert.equal((await refusal(world.api.listChanges({ params: { id: s.id }, query: { turn: index } }))).status, 404);
    assert.equal((await world.eventsOf(s.id, 'review.checkpoint_created')).length, 3);
  });

  it('lists 1,000 changed files quickly (figure printed, not asserted)', async function () {
    const s = await world.session('start.txt', 'go');
    const wt = s.worktreePath;
    // 400 tracked files modified (300) or deleted (100), and 600 new untracked ones: 1,001 with start.txt.
    for (let i = 0; i < 300; i++) write(wt, `bulk/file-${String(i).padStart(4, '0')}.txt`, `bulk file ${i}\nline two changed\nline three\n`);
    for (let i = 300; i < 400; i++) fs.rmSync(path.join(wt, `bulk/file-${String(i).padStart(4, '0')}.txt`));
    for (let i = 0; i < 600; i++) write(wt, `new/dir-${i % 20}/file-${i}.ts`, `export const n${i} = ${i};\n`);

    const times: number[] = [];
    let count = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const c = await world.api.listChanges({ params: { id: s.id }, query: {} });
      times.push(performance.now() - started);
      count = c.files.length;
    }
    assert.equal(count, 1001);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`      1,001 changed files listed over HTTP in ${sorted.map((t) => t.toFixed(0)).join(', ')} ms (median ${sorted[2]?.toFixed(0)} ms, first ${times[0]?.toFixed(0)} ms)`);
  });
});

function pick(f: { status: string; oldPath: string | null; additions: number | null; deletions: number | null; binary: boolean; committed?: boolean | undefined; uncommitted?: boolean | undefined; untracked?: boolean | undefined } | undefined) {
  assert.ok(f);
  return { status: f.status, oldPath: f.oldPath, additions: f.additions, deletions: f.deletions, binary: f.binary, committed: f.committed, uncommitted: f.uncommitted, untracked: f.untracked };
}
