// "Send Review to Agent" in pure form: pending comments are kept per session (and survive a
// reload of the stored state), and a session's pending comments become ONE prompt that names
// each file and line range, quotes the lines, and carries every comment — in file and line
// order, fenced so quoted code cannot break out.
import assert from 'node:assert/strict';
import { COMMENTS_STATE_KEY, CommentStore, type StateStorage } from '../../extension/review/commentStore.js';
import { EXCERPT_MAX_LINES, REVIEW_PROMPT_HEADING, buildReviewPrompt } from '../../extension/review/reviewPrompt.js';

function memory(): StateStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(k: string) => structuredClone(data.get(k)) as T | undefined,
    update: async (k: string, v: unknown) => void data.set(k, structuredClone(v)),
  };
}

describe('review prompt', () => {
  it('batches comments into one prompt with paths, 1-based line ranges, excerpts and the comments', () => {
    const text = buildReviewPrompt([
      { path: 'src/b.ts', startLine: 7, endLine: 7, excerpt: ['return x;'], comments: ['Return y instead.'] },
      { path: 'src/a.ts', startLine: 2, endLine: 3, excerpt: ['const a = 1;', 'const b = 2;'], comments: ['Rename these.', 'And make them let.'] },
    ]);
    assert.ok(text.startsWith(`${REVIEW_PROMPT_HEADING} (3 comments in 2 files).`), text);
    const a = text.indexOf('1. src/a.ts, lines 2–3:');
    const b = text.indexOf('2. src/b.ts, line 7:');
    assert.ok(a > 0 && b > a, 'files in path order, numbered');
    assert.match(text, /```\n2 \| const a = 1;\n3 \| const b = 2;\n```\nRename these\.\nAnd make them let\./);
    assert.match(text, /```\n7 \| return x;\n```\nReturn y instead\./);
  });

  it('fences quoted code that itself contains backticks, clips long ranges, and says when lines are unreadable', () => {
    const long = Array.from({ length: EXCERPT_MAX_LINES + 5 }, (_, i) => `line ${i + 1}`);
    const text = buildReviewPrompt([
      { path: 'README.md', startLine: 1, endLine: 1, excerpt: ['```sh'], comments: ['Fix the fence.'] },
      { path: 'big.ts', startLine: 10, endLine: 10 + long.length - 1, excerpt: long, comments: ['Too long.'] },
      { path: 'gone.ts', startLine: 1, endLine: 1, excerpt: null, comments: ['Where did it go?'] },
      { path: 'empty.ts', startLine: 1, endLine: 1, excerpt: ['x'], comments: ['   '] },
    ]);
    assert.match(text, /````\n1 \| ```sh\n````/);
    assert.match(text, /… \(5 more lines\)/);
    assert.ok(!text.includes(`line ${EXCERPT_MAX_LINES + 1}\n`));
    assert.match(text, /gone\.ts, line 1:\n\(the lines could not be read from the worktree\)\nWhere did it go\?/);
    assert.ok(!text.includes('empty.ts'), 'a range with only blank comments is left out');
    assert.ok(text.startsWith(`${REVIEW_PROMPT_HEADING} (3 comments in 3 files).`));
  });
});

describe('review comment store', () => {
  it('keeps pending threads per session in file and line order, and survives a reload', async () => {
    const storage = memory();
    let n = 0;
    const store = new CommentStore(storage, { newId: () => `id${++n}`, now: () => '2026-01-01T00:00:00.000Z' });
    await store.addThread({ sessionId: 's1', path: 'b.ts', startLine: 4, endLine: 2 }, 'second');
    const first = await store.addThread({ sessionId: 's1', path: 'a.ts', startLine: 0, endLine: 0 }, 'first');
    await store.addThread({ sessionId: 's2', path: 'a.ts', startLine: 0, endLine: 0 }, 'other session');
    await store.addComment(first.id, 'a reply');
    assert.deepEqual(store.pending('s1').map((t) => [t.path, t.startLine, t.endLine]), [
      ['a.ts', 0, 0],
      ['b.ts', 2, 4],
    ]);
    assert.deepEqual(store.sessionsWithPending().sort(), ['s1', 's2']);

    const reloaded = new CommentStore(storage);
    assert.deepEqual(reloaded.pending('s1').map((t) => t.comments.map((c) => c.body)), [['first', 'a reply'], ['second']]);
  });

  it('marks a batch sent with its turn; sent threads take no replies and are not pending', async () => {
    const store = new CommentStore(memory());
    const t = await store.addThread({ sessionId: 's1', path: 'a.ts', startLine: 1, endLine: 1 }, 'fix');
    await store.markSent([t.id], 3);
    assert.equal(store.pending('s1').length, 0);
    assert.equal(store.thread(t.id)!.state, 'sent');
    assert.equal(store.thread(t.id)!.sentTurn, 3);
    assert.equal(await store.addComment(t.id, 'late'), undefined);
  });

  it('removes a thread with its last comment, and a deleted session\'s comments', async () => {
    const store = new CommentStore(memory());
    const t = await store.addThread({ sessionId: 's1', path: 'a.ts', startLine: 1, endLine: 1 }, 'one');
    const reply = await store.addComment(t.id, 'two');
    assert.deepEqual(await store.removeComment(t.id, reply!.id), { threadRemoved: false });
    assert.deepEqual(await store.removeComment(t.id, t.comments[0]!.id), { threadRemoved: true });
    assert.equal(store.thread(t.id), undefined);
    await store.addThread({ sessionId: 's9', path: 'a.ts', startLine: 1, endLine: 1 }, 'x');
    await store.forgetSession('s9');
    assert.equal(store.threads().length, 0);
  });

  it('drops stored records it cannot read instead of failing', () => {
    const storage = memory();
    storage.data.set(COMMENTS_STATE_KEY, [{ id: 1 }, 'junk', { id: 't', sessionId: 's', path: 'a', startLine: 0, endLine: 0, comments: [], state: 'pending', sentAt: null, sentTurn: null }]);
    assert.equal(new CommentStore(storage).threads().length, 1);
    storage.data.set(COMMENTS_STATE_KEY, { not: 'a list' });
    assert.equal(new CommentStore(storage).threads().length, 0);
  });
});
