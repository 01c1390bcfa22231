// The diff drawn for tool calls' `diff` content: a correct minimal edit script, unified hunks with
// context and git's line numbering, and a bounded cost on huge rewrites.
import assert from 'node:assert/strict';
import { diffLines, unifiedDiff, type DiffLine } from '../../webview-ui/chat/lineDiff.js';

/** Applying the script's kept and added lines must give the new text; kept and removed, the old. */
function check(a: string[], b: string[], script: DiffLine[]): void {
  assert.deepEqual(script.filter((l) => l.op !== '+').map((l) => l.text), a);
  assert.deepEqual(script.filter((l) => l.op !== '-').map((l) => l.text), b);
}

describe('chat line diff', () => {
  it('finds a minimal edit script', () => {
    const a = 'a b c a b b a'.split(' ');
    const b = 'c b a b a c'.split(' ');
    const script = diffLines(a, b);
    check(a, b, script);
    assert.equal(script.filter((l) => l.op !== ' ').length, 5); // Myers' classic example: D = 5
  });

  it('round-trips random edits', () => {
    let seed = 42;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rnd(30) }, () => String(rnd(5)));
      const b = Array.from({ length: rnd(30) }, () => String(rnd(5)));
      check(a, b, diffLines(a, b));
    }
  });

  it('shows a new file as one added hunk numbered like git', () => {
    const d = unifiedDiff(null, 'Hello\nWorld\n');
    assert.deepEqual([d.added, d.removed], [2, 0]);
    assert.deepEqual(d.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[0, 0, 1, 2]]);
  });

  it('splits distant changes into hunks with three lines of context', () => {
    const old = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const neu = [...old];
    neu[1] = 'changed 2';
    neu[25] = 'changed 26';
    const d = unifiedDiff(`${old.join('\n')}\n`, `${neu.join('\n')}\n`);
    assert.deepEqual(d.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [
      [1, 5, 1, 5],
      [23, 7, 23, 7],
    ]);
    assert.deepEqual(d.hunks[0]!.lines.map((l) => `${l.op}${l.text}`), [' line 1', '-line 2', '+changed 2', ' line 3', ' line 4', ' line 5']);
  });

  it('merges changes closer than twice the context into one hunk', () => {
    const old = Array.from({ length: 12 }, (_, i) => `l${i}`);
    const neu = old.map((l, i) => (i === 2 || i === 7 ? `${l}!` : l));
    assert.equal(unifiedDiff(old.join('\n'), neu.join('\n')).hunks.length, 1);
  });

  it('gives up aligning a huge rewrite instead of freezing', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`);
    const started = performance.now();
    const script = diffLines(a, b);
    assert.ok(performance.now() - started < 2000);
    check(a, b, script);
  });
});
