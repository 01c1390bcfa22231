// The URIs of review: what a diff's sides and the tree's changed-file nodes encode, and that
// decoding gives back exactly what was encoded (or nothing for foreign or damaged URIs).
import assert from 'node:assert/strict';
import {
  BASE_SCHEME,
  CHANGE_SCHEME,
  decodeChangeUri,
  decodeContentUri,
  diffSides,
  diffTitle,
  encodeChangeUri,
  encodeContentUri,
  repoPathIn,
  sessionOfFolders,
  worktreeFilePath,
  type ContentRef,
} from '../../extension/review/reviewUris.js';


describe('review URIs', () => {
  it('round-trips the read-only sides: base, before a turn, a checkpoint, empty', () => {
    const refs: ContentRef[] = [
      { sessionId: 's-1', path: 'src/app.ts', side: 'base', turn: null },
      { sessionId: 's-1', path: 'src/app.ts', side: 'base', turn: 2 },
      { sessionId: 's-1', path: 'dir with space/a#b?.md', side: 'checkpoint', turn: 0 },
      { sessionId: 's-1', path: 'new.txt', side: 'empty', turn: null },
    ];
    for (const ref of refs) {
      const uri = encodeContentUri(ref);
      assert.equal(uri.scheme, BASE_SCHEME);
      assert.equal(uri.path, `/${ref.path}`, 'the path keeps the file name, so the editor picks the language');
      assert.deepEqual(decodeContentUri(uri), ref);
    }
  });

  it('refuses foreign schemes and damaged queries', () => {
    assert.equal(decodeContentUri({ scheme: 'file', path: '/a', query: 'session=s&side=base' }), null);
    assert.equal(decodeContentUri({ scheme: BASE_SCHEME, path: '/a', query: 'side=base' }), null, 'no session');
    assert.equal(decodeContentUri({ scheme: BASE_SCHEME, path: '/a', query: 'session=s&side=head' }), null, 'unknown side');
    assert.equal(decodeContentUri({ scheme: BASE_SCHEME, path: '/a', query: 'session=s&side=checkpoint' }), null, 'a checkpoint needs its turn');
    assert.equal(decodeContentUri({ scheme: BASE_SCHEME, path: '/a', query: 'session=s&side=base&turn=-1' }), null);
    assert.equal(decodeContentUri({ scheme: BASE_SCHEME, path: '/', query: 'session=s&side=base' }), null, 'no path');
  });

  it('round-trips changed-file and folder nodes with their status letter', () => {
    const file = encodeChangeUri({ sessionId: 's', path: 'src/a.ts', status: 'renamed' });
    assert.equal(file.scheme, CHANGE_SCHEME);
    assert.match(file.query, /status=R/);
    assert.deepEqual(decodeChangeUri(file), { sessionId: 's', path: 'src/a.ts', status: 'renamed' });
    assert.deepEqual(decodeChangeUri(encodeChangeUri({ sessionId: 's', path: 'src', status: null })), { sessionId: 's', path: 'src', status: null });
    assert.equal(decodeChangeUri({ scheme: CHANGE_SCHEME, path: '/a', query: 'session=s&status=X' }), null);
    assert.equal(decodeChangeUri({ scheme: BASE_SCHEME, path: '/a', query: 'session=s&status=A' }), null);
  });

  it('gives a whole-session diff base → worktree file, empty sides for added and deleted files', () => {
    const worktree = { kind: 'worktree' as const };
    assert.deepEqual(diffSides('s', { path: 'a.ts', oldPath: null, status: 'modified' }, null, worktree), {
      left: { kind: 'content', ref: { sessionId: 's', path: 'a.ts', side: 'base', turn: null } },
      right: { kind: 'worktree', path: 'a.ts' },
    });
    const added = diffSides('s', { path: 'n.ts', oldPath: null, status: 'added' }, null, worktree);
    assert.equal(added.left.kind === 'content' && added.left.ref.side, 'empty');
    const deleted = diffSides('s', { path: 'd.ts', oldPath: null, status: 'deleted' }, null, worktree);
    assert.deepEqual(deleted.right, { kind: 'content', ref: { sessionId: 's', path: 'd.ts', side: 'empty', turn: null } });
    const renamed = diffSides('s', { path: 'new.ts', oldPath: 'old.ts', status: 'renamed' }, null, worktree);
    assert.equal(renamed.left.kind === 'content' && renamed.left.ref.path, 'old.ts', 'a rename compares against the old path');
  });

  it('gives a turn\'s diff before-the-turn → its checkpoint, or the live file while the turn runs', () => {
    const done = diffSides('s', { path: 'a.ts', oldPath: null, status: 'modified' }, 3, { kind: 'checkpoint' });
    assert.deepEqual(done.left, { kind: 'content', ref: { sessionId: 's', path: 'a.ts', side: 'base', turn: 3 } });
    assert.deepEqual(done.right, { kind: 'content', ref: { sessionId: 's', path: 'a.ts', side: 'checkpoint', turn: 3 } });
    const running = diffSides('s', { path: 'a.ts', oldPath: null, status: 'modified' }, 4, { kind: 'worktree' });
    assert.deepEqual(running.right, { kind: 'worktree', path: 'a.ts' });
  });

  it('titles a diff with the file and the session (and the turn)', () => {
    assert.equal(diffTitle('src/app.ts', 'Add a greeting', null), 'src/app.ts (Add a greeting)');
    assert.equal(diffTitle('src/app.ts', 'Add a greeting', 2), 'src/app.ts (Add a greeting, turn 3)', 'turns read from 1, as in the chat');
  });

  it('maps worktree files to repository paths and back', () => {
    assert.equal(worktreeFilePath('/w/s1/', 'src/a.ts'), '/w/s1/src/a.ts');
    assert.equal(repoPathIn('/w/s1', '/w/s1/src/a.ts'), 'src/a.ts');
    assert.equal(repoPathIn('/w/s1', '/w/s10/src/a.ts'), null, 'a sibling with a longer name is not inside');
    assert.equal(repoPathIn('/w/s1', '/w/s1'), null);
    assert.equal(repoPathIn('C:\\w\\s1', 'C:\\w\\s1\\src\\a.ts'), 'src/a.ts');
  });

  it('finds the session a window\'s folder is the worktree of', () => {
    const sessions = [
      { id: 'a', worktreePath: '/w/a', state: 'completed' as const },
      { id: 'b', worktreePath: null, state: 'completed' as const },
      { id: 'c', worktreePath: '/w/c', state: 'deleted' as const },
    ];
    assert.equal(sessionOfFolders(sessions, ['/repo', '/w/a/']), 'a');
    assert.equal(sessionOfFolders(sessions, ['/w/c']), undefined, 'a deleted session has no worktree any more');
    assert.equal(sessionOfFolders(sessions, []), undefined);
  });
});
