// The review feature's pure parts on canned input: git output parsers (captured from git 2.39),
// the default merge message, the repository-path check and the CLI's changes table.
import assert from 'node:assert/strict';
import { changesText } from '../../cli/commands/reviewCommands.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { defaultMergeMessage } from '../../daemon/sessions/reviewMessage.js';
import { checkRepoPath } from '../../daemon/sessions/reviewTarget.js';
import { parseLsTreeZ, parseMergeTreeZ, parseNulList, parseRawNumstatZ, parseRefListing } from '../../daemon/worktrees/changeParsers.js';

const Z = '0000000000000000000000000000000000000000';
const A = 'd5d0b8b4c4c9e936890870f6799cfbb5ba984470';
const B = '96cc558853a03c5d901661af837fceb7a81f58f6';
const TREE = 'a3fd70ea0494adbb49c56042bb923249c72dcbb4';

describe('review parsers (canned git output)', function () {
  describe('parseRawNumstatZ', function () {
    it('joins raw entries with their numstat: added, binary, renamed, deleted, type change, copy', function () {
      const out = [
        `:000000 100644 ${Z} ${A} A`, 'bin.dat',
        `:100644 100644 ${B} ${B} R100`, 'old name.txt', 'new\tname.txt',
        `:100644 000000 ${B} ${Z} D`, 'gone.txt',
        `:100644 120000 ${A} ${B} T`, 'link',
        `:100644 100644 ${A} ${B} C75`, 'src.txt', 'copy.txt',
        `:100644 100644 ${A} ${B} M`, 'dir/mod.txt',
        '-\t-\tbin.dat',
        '0\t0\t', 'old name.txt', 'new\tname.txt',
        '0\t3\tgone.txt',
        '1\t1\tlink',
        '2\t0\t', 'src.txt', 'copy.txt',
        '12\t4\tdir/mod.txt',
        '',
      ].join('\0');
      const changes = parseRawNumstatZ(out);
      assert.deepEqual(
        changes.map((c) => [c.status, c.path, c.oldPath, c.additions, c.deletions, c.binary]),
        [
          ['added', 'bin.dat', null, null, null, true],
          ['renamed', 'new\tname.txt', 'old name.txt', 0, 0, false],
          ['deleted', 'gone.txt', null, 0, 3, false],
          ['modified', 'link', null, 1, 1, false],
          ['added', 'copy.txt', null, 2, 0, false],
          ['modified', 'dir/mod.txt', null, 12, 4, false],
        ],
      );
      assert.deepEqual([changes[0]?.oldMode, changes[0]?.newMode], ['000000', '100644']);
    });

    it('answers nothing for empty output and refuses what it does not understand', function () {
      assert.deepEqual(parseRawNumstatZ(''), []);
      assert.throws(() => parseRawNumstatZ('garbage\0'), /unexpected git diff --numstat entry/);
      assert.throws(() => parseRawNumstatZ(`:100644 100644 ${A} ${B} R100\0only-one\0`), /ended early/);
      assert.throws(() => parseRawNumstatZ('1\t1\tnot-in-raw\0'), /which --raw did not/);
    });
  });

  describe('parseMergeTreeZ', function () {
    it('reads a clean merge as its tree', function () {
      assert.deepEqual(parseMergeTreeZ(`${TREE}\0`, 0), { tree: TREE, clean: true, conflicts: [] });
    });

    it('reads conflicted paths with their conflict types, dropping informational messages', function () {
      const out = [
        TREE, 'f.txt', 'g.txt', '',
        '1', 'f.txt', 'Auto-merging', 'Auto-merging f.txt\n',
        '1', 'f.txt', 'CONFLICT (contents)', 'CONFLICT (content): Merge conflict in f.txt\n',
        '1', 'g.txt', 'CONFLICT (modify/delete)', 'CONFLICT (modify/delete): g.txt deleted in main and modified in side.  Version side of g.txt left in tree.\n',
        '',
      ].join('\0');
      const r = parseMergeTreeZ(out, 1);
      assert.equal(r.clean, false);
      assert.equal(r.tree, TREE);
      assert.deepEqual(r.conflicts, [
        { path: 'f.txt', types: ['CONFLICT (contents)'], messages: ['CONFLICT (content): Merge conflict in f.txt'] },
        { path: 'g.txt', types: ['CONFLICT (modify/delete)'], messages: ['CONFLICT (modify/delete): g.txt deleted in main and modified in side.  Version side of g.txt left in tree.'] },
      ]);
    });

    it('refuses failures and output without a tree', function () {
      assert.throws(() => parseMergeTreeZ('', 128), /exit code 128/);
      assert.throws(() => parseMergeTreeZ('fatal: refusing to merge unrelated histories\n', 1), /no tree id/);
    });
  });

  it('parseLsTreeZ reads modes, types, ids and paths with any byte but NUL', function () {
    const out = [`100644 blob ${A}\tsrc/a b.txt`, `120000 blob ${B}\tlink`, `160000 commit ${B}\tvendor/sub`, `040000 tree ${TREE}\tdir`, ''].join('\0');
    assert.deepEqual(parseLsTreeZ(out), [
      { mode: '100644', type: 'blob', oid: A, path: 'src/a b.txt' },
      { mode: '120000', type: 'blob', oid: B, path: 'link' },
      { mode: '160000', type: 'commit', oid: B, path: 'vendor/sub' },
      { mode: '040000', type: 'tree', oid: TREE, path: 'dir' },
    ]);
    assert.deepEqual(parseLsTreeZ(''), []);
    assert.throws(() => parseLsTreeZ('nonsense\0'), /unexpected git ls-tree entry/);
  });

  it('parseNulList and parseRefListing', function () {
    assert.deepEqual(parseNulList('a\0b c\0\0'), ['a', 'b c']);
    const refs = parseRefListing(`refs/switchboard/checkpoints/s1/0\0${A}\x002024-05-01T10:00:00+02:00\nrefs/switchboard/checkpoints/s1/1\0${B}\x002024-05-01T10:05:00+02:00\n`);
    assert.deepEqual(refs, [
      { ref: 'refs/switchboard/checkpoints/s1/0', oid: A, date: '2024-05-01T10:00:00+02:00' },
      { ref: 'refs/switchboard/checkpoints/s1/1', oid: B, date: '2024-05-01T10:05:00+02:00' },
    ]);
    assert.throws(() => parseRefListing('refs/only\n'), /unexpected git for-each-ref line/);
  });
});

describe('review pure helpers', function () {
  it('the default merge message carries the prompt, the follow-ups, the plan and the session', function () {
    const session = { id: 'f00d-1', shortId: 'f00d', title: 'Add a logout button', prompt: 'Add a logout button\n\nto the header, please', agent: 'demo', branch: 'switchboard/demo/p/f00d' };
    const plan = [
      { content: 'find the header', status: 'completed' },
      { content: 'add the button', status: 'pending' },
    ];
    const squash = defaultMergeMessage({ session, strategy: 'squash', followups: ['also  a test'], plan });
    assert.equal(
      squash,
      'Add a logout button\n\nAdd a logout button\n\nto the header, please\n\nFollow-ups:\n- also a test\n\nPlan:\n- [x] find the header\n- [ ] add the button\n\nSwitchboard-Session: f00d-1\nSwitchboard-Agent: demo',
    );
    const merge = defaultMergeMessage({ session: { ...session, prompt: 'Add a logout button' }, strategy: 'merge', followups: [], plan: null });
    assert.equal(merge, 'Merge switchboard/demo/p/f00d: Add a logout button\n\nSwitchboard-Session: f00d-1\nSwitchboard-Agent: demo');
  });

  it('repository paths: relative and canonical only, never out of the repository or into .git', function () {
    assert.equal(checkRepoPath('src/app.ts'), 'src/app.ts');
    assert.equal(checkRepoPath('./src/a b.ts'), 'src/a b.ts');
    assert.equal(checkRepoPath('.gitignore'), '.gitignore');
    for (const bad of ['', '../x', 'a/../../x', 'a/..', '/etc/passwd', 'C:/x', '\\\\server\\x', '.git/config', '.GIT/HEAD', 'a//b', 'a/./b', 'a/', 'x\0y', '..\\x']) {
      assert.throws(() => checkRepoPath(bad), (e: unknown) => SwitchboardError.is(e, 'invalid_request') && e.field === 'path', JSON.stringify(bad));
    }
  });

  it('the CLI changes table shows status letters, counts, facets and totals', function () {
    const text = changesText({
      sessionId: 's',
      turn: null,
      from: { kind: 'base', commit: A, turn: null },
      to: { kind: 'worktree', commit: null, turn: null },
      files: [
        { path: 'a.txt', oldPath: null, status: 'added', additions: 2, deletions: 0, binary: false, committed: false, uncommitted: false, untracked: true },
        { path: 'new.md', oldPath: 'old.md', status: 'renamed', additions: 0, deletions: 0, binary: false, committed: true, uncommitted: false, untracked: false },
        { path: 'logo.png', oldPath: null, status: 'modified', additions: null, deletions: null, binary: true, committed: false, uncommitted: true, untracked: false },
      ],
      totals: { files: 3, additions: 2, deletions: 0 },
      drift: null,
      merged: null,
    });
    assert.equal(
      text,
      [
        'ST  LINES   WHERE        PATH',
        'A   +2 -0   untracked    a.txt',
        'R   +0 -0   committed    old.md → new.md',
        'M   binary  uncommitted  logo.png',
        `3 file(s), +2 -0 (base ${A.slice(0, 12)} → worktree)`,
        '',
      ].join('\n'),
    );
  });
});
