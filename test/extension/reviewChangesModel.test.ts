// The changes model behind the Sessions view's changed files: a session is listed when first
// asked for (not before), events refresh it after a quiet moment — many events, one listing —
// one turn's changes can be shown instead of all, a late answer for a turn no longer shown is
// dropped, and big listings are grouped by folder (1,000 files laid out quickly).
import assert from 'node:assert/strict';
import type { ChangedFile, Changes } from '../../daemon/protocol/reviewEntities.js';
import { layoutChanges, type FolderGroup } from '../../extension/review/changeGroups.js';
import { ChangesModel, affectsChanges } from '../../extension/review/changesModel.js';

function file(path: string, status: ChangedFile['status'] = 'modified'): ChangedFile {
  return { path, oldPath: null, status, additions: 1, deletions: 0, binary: false };
}

function listing(sessionId: string, turn: number | null, files: ChangedFile[]): Changes {
  return {
    sessionId,
    turn,
    from: { kind: 'base', commit: 'a'.repeat(40), turn: null },
    to: { kind: 'worktree', commit: null, turn: null },
    files,
    totals: { files: files.length, additions: files.length, deletions: 0 },
    drift: null,
    merged: null,
  };
}

/** Timers the test fires by hand, and a fetcher that answers when told. */
function harness(debounceMs = 300) {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const calls: { sessionId: string; turn: number | null; resolve: (c: Changes) => void; reject: (e: Error) => void }[] = [];
  const model = new ChangesModel(
    (sessionId, turn) => new Promise<Changes>((resolve, reject) => calls.push({ sessionId, turn, resolve, reject })),
    {
      debounceMs,
      groupThreshold: 3,
      setTimer: (fn, ms) => {
        const t = { at: now + ms, fn, id: nextId++ };
        timers.push(t);
        return t.id as unknown as ReturnType<typeof setTimeout>;
      },
      clearTimer: (id) => {
        const i = timers.findIndex((t) => t.id === (id as unknown as number));
        if (i >= 0) timers.splice(i, 1);
      },
    },
  );
  const changed: string[] = [];
  model.onDidChange((id) => changed.push(id));
  const advance = async (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.fn();
    }
    await new Promise((r) => setImmediate(r));
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { model, calls, changed, advance, settle };
}

describe('review changes model', () => {
  it('lists a session only once it is asked for, then holds the listing', async () => {
    const h = harness();
    h.model.applyEvent({ type: 'turn.ended', sessionId: 's1' });
    await h.advance(1000);
    assert.equal(h.calls.length, 0, 'events for a session nobody looks at cost nothing');

    const first = h.model.request('s1');
    assert.equal(first.status, 'loading');
    await h.advance(0);
    assert.equal(h.calls.length, 1);
    h.calls[0]!.resolve(listing('s1', null, [file('b.ts'), file('a.ts', 'added')]));
    await h.settle();
    const c = h.model.get('s1')!;
    assert.equal(c.status, 'loaded');
    assert.deepEqual(c.layout!.root.files.map((f) => f.path), ['a.ts', 'b.ts'], 'sorted by path');
    assert.deepEqual(h.changed, ['s1']);
    h.model.request('s1');
    await h.advance(1000);
    assert.equal(h.calls.length, 1, 'asking again does not list again');
  });

  it('coalesces a burst of events into one listing after a quiet moment', async () => {
    const h = harness(300);
    h.model.request('s1');
    await h.advance(0);
    h.calls[0]!.resolve(listing('s1', null, []));
    await h.settle();
    for (const type of ['file.written', 'file.written', 'turn.ended', 'review.checkpoint_created', 'session.updated']) h.model.applyEvent({ type, sessionId: 's1' });
    h.model.applyEvent({ type: 'agent.message_chunk', sessionId: 's1' });
    await h.advance(299);
    assert.equal(h.calls.length, 1, 'not before the quiet time');
    await h.advance(1);
    assert.equal(h.calls.length, 2, 'one listing for the whole burst');
    // An event while that listing is in flight brings exactly one more, after it lands.
    h.model.applyEvent({ type: 'file.written', sessionId: 's1' });
    await h.advance(300);
    assert.equal(h.calls.length, 2);
    h.calls[1]!.resolve(listing('s1', null, [file('x.ts')]));
    await h.settle();
    await h.advance(300);
    assert.equal(h.calls.length, 3);
  });

  it('shows one turn\'s changes and drops a late answer for the listing it replaced', async () => {
    const h = harness();
    h.model.request('s1');
    await h.advance(0);
    h.model.setTurn('s1', 2);
    assert.equal(h.model.turnOf('s1'), 2);
    await h.advance(0);
    assert.deepEqual(h.calls.map((c) => c.turn), [null, 2]);
    h.calls[1]!.resolve(listing('s1', 2, [file('turn2.ts')]));
    h.calls[0]!.resolve(listing('s1', null, [file('all.ts')]));
    await h.settle();
    assert.deepEqual(h.model.get('s1')!.changes!.files.map((f) => f.path), ['turn2.ts']);
    assert.equal(h.model.get('s1')!.changes!.turn, 2);
  });

  it('keeps a failed listing\'s error and recovers on the next event', async () => {
    const h = harness();
    h.model.request('s1');
    await h.advance(0);
    h.calls[0]!.reject(new Error('worktree_missing'));
    await h.settle();
    assert.equal(h.model.get('s1')!.status, 'error');
    assert.equal(h.model.get('s1')!.error, 'worktree_missing');
    h.model.applyEvent({ type: 'review.discarded', sessionId: 's1' });
    await h.advance(300);
    h.calls[1]!.resolve(listing('s1', null, []));
    await h.settle();
    assert.equal(h.model.get('s1')!.status, 'loaded');
  });

  it('forgets a deleted session', async () => {
    const h = harness();
    h.model.request('s1');
    await h.advance(0);
    h.model.applyEvent({ type: 'session.deleted', sessionId: 's1' });
    assert.equal(h.model.get('s1'), undefined);
    h.calls[0]!.resolve(listing('s1', null, [file('a')]));
    await h.settle();
    assert.equal(h.model.get('s1'), undefined, 'a late answer does not bring it back');
  });

  it('names the events that may change a listing', () => {
    for (const t of ['turn.ended', 'file.written', 'session.updated', 'review.merged', 'review.drift_detected']) assert.ok(affectsChanges(t), t);
    for (const t of ['agent.message_chunk', 'plan', 'turn.started']) assert.ok(!affectsChanges(t), t);
  });
});

describe('review change layout', () => {
  it('lists few files flat and groups many by folder, compressing folder chains', () => {
    const few = layoutChanges([file('b/x.ts'), file('a.ts')], 3);
    assert.equal(few.grouped, false);
    assert.deepEqual(few.root.files.map((f) => f.path), ['a.ts', 'b/x.ts']);

    const many = layoutChanges([file('README.md'), file('src/app/views/a.ts'), file('src/app/views/b.ts'), file('src/util/c.ts'), file('test/d.ts')], 3);
    assert.equal(many.grouped, true);
    assert.deepEqual(many.root.files.map((f) => f.path), ['README.md']);
    assert.deepEqual(many.root.folders.map((f) => [f.path, f.label]), [
      ['src', 'src'],
      ['test', 'test'],
    ]);
    const src = many.folders.get('src')!;
    assert.deepEqual(src.folders.map((f) => [f.path, f.label]), [
      ['src/app/views', 'app/views'],
      ['src/util', 'util'],
    ]);
    assert.deepEqual(many.folders.get('src/app/views')!.files.map((f) => f.path), ['src/app/views/a.ts', 'src/app/views/b.ts']);
  });

  it('lays out 1,000 changed files, each exactly once, in under 100 ms', () => {
    const files = Array.from({ length: 1000 }, (_, i) => file(`pkg${i % 10}/mod${i % 37}/file${i}.ts`));
    const t0 = performance.now();
    const layout = layoutChanges(files);
    const ms = performance.now() - t0;
    assert.equal(layout.grouped, true);
    let count = 0;
    const walk = (g: FolderGroup): void => {
      count += g.files.length;
      for (const f of g.folders) walk(f);
    };
    walk(layout.root);
    assert.equal(count, 1000, 'every file appears once');
    assert.ok(ms < 100, `layout took ${ms.toFixed(1)} ms`);
  });
});
