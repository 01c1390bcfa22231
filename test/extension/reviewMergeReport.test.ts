// Why a merge did not happen, in plain words with the files involved — from a merge preview's
// blocker or the merge route's 409 details — and the commit message prefilled from the
// daemon's default with only its subject edited.
import assert from 'node:assert/strict';
import { describeRefusal, refusalFromError, refusalFromPreview, subjectOf, withSubject } from '../../extension/review/mergeReport.js';

const preview = {
  into: 'main',
  checkout: '/repos/demo',
  blocker: null,
  conflicts: [],
  dirtyFiles: [],
};

describe('review merge report', () => {
  it('lets a clean preview through', () => {
    assert.equal(refusalFromPreview(preview, 'Add app'), null);
  });

  it('names the conflicting files, and says nothing was changed', () => {
    const r = refusalFromPreview(
      {
        ...preview,
        blocker: 'merge_conflict',
        conflicts: [
          { path: 'src/app.ts', types: ['CONFLICT (content)'], messages: ['Merge conflict in src/app.ts'] },
          { path: 'README.md', types: ['CONFLICT (modify/delete)'], messages: [] },
        ],
      },
      'Add app',
    )!;
    assert.equal(r.reason, 'merge_conflict');
    assert.deepEqual(r.files, ['src/app.ts', 'README.md']);
    assert.equal(r.message, '"Add app" cannot be merged into main: 2 files conflict with changes made there since the session started (src/app.ts, README.md). Nothing was changed.');
  });

  it('explains the refusals of the merge route in plain words', () => {
    const dirty = refusalFromError({ reason: 'dirty_checkout', into: 'main', checkout: '/repos/demo', files: ['a.ts'] }, 'not merged: …', 'Add app', 'main')!;
    assert.equal(dirty.message, '"Add app" was not merged: the checkout of main (/repos/demo) has uncommitted changes in 1 file the merge would change (a.ts). Commit or stash them there, then merge again.');
    assert.deepEqual(dirty.files, ['a.ts']);

    const drift = refusalFromError(
      { reason: 'drift', drift: { expectedBranch: 'switchboard/x', actualBranch: 'main', head: null, detectedAt: '2026-01-01T00:00:00Z' } },
      'm',
      'Add app',
      'main',
    )!;
    assert.match(drift.message, /not on its branch switchboard\/x any more \(it is on main\)\. Switch the worktree back/);

    assert.match(refusalFromError({ reason: 'operation_in_progress', checkout: '/r' }, 'm', 'T', 'main')!.message, /in the middle of a merge or rebase/);
    assert.equal(refusalFromError({ reason: 'nothing_to_merge' }, 'm', 'T', 'main')!.message, 'Nothing to merge: main already has every change of "T".');
    assert.match(refusalFromError({ reason: 'ref_moved' }, 'm', 'T', 'main')!.message, /^main moved while merging "T"; nothing was changed/);
    assert.equal(refusalFromError({ reason: 'something_new' }, 'the daemon says why', 'T', 'main')!.message, 'the daemon says why', 'an unknown reason keeps the daemon\'s words');
    assert.equal(refusalFromError(undefined, 'm', 'T', 'main'), null, 'a 409 without a reason is not a merge refusal');
  });

  it('shortens long file lists', () => {
    const files = Array.from({ length: 8 }, (_, i) => `f${i}.ts`);
    assert.match(describeRefusal({ reason: 'dirty_checkout', title: 'T', into: 'main', files }).message, /\(f0\.ts, f1\.ts, f2\.ts, f3\.ts, f4\.ts and 3 more\)/);
  });

  it('prefills the subject from the default message and keeps its body', () => {
    const message = 'Add app\n\nwrite src/app.ts\n\nSwitchboard-Session: s1';
    assert.equal(subjectOf(message), 'Add app');
    assert.equal(withSubject(message, '  Land the app  '), 'Land the app\n\nwrite src/app.ts\n\nSwitchboard-Session: s1');
    assert.equal(withSubject('Only a subject', 'New'), 'New');
  });
});
