// Line diff for the `diff` content of tool calls (the agent sends old and new text; we show a
// compact unified diff). Myers' O(ND) algorithm after trimming the common prefix and suffix;
// past `maxEdits` differences it gives up on alignment and shows old-removed/new-added, which
// keeps a huge rewrite from freezing the panel.

export type DiffOp = ' ' | '-' | '+';

export interface DiffLine {
  op: DiffOp;
  text: string;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface UnifiedDiff {
  hunks: Hunk[];
  added: number;
  removed: number;
}

export function splitLines(text: string | null): string[] {
  if (text === null || text === '') return [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The full edit script from `a` to `b`. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 2000): DiffLine[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const middle = myers(midA, midB, maxEdits) ?? [
    ...midA.map((text): DiffLine => ({ op: '-', text })),
    ...midB.map((text): DiffLine => ({ op: '+', text })),
  ];
  return [
    ...a.slice(0, pre).map((text): DiffLine => ({ op: ' ', text })),
    ...middle,
    ...a.slice(a.length - suf).map((text): DiffLine => ({ op: ' ', text })),
  ];
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffLine[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
  }
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v for diagonals -d..d after step d: O(D²) memory, bounded by maxEdits.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, a, b);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return null;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[]): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1]!;
    // prev covers diagonals -(d-1)..(d-1): index k + d - 1.
    const at = (k: number) => prev[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x]! });
      y--;
    }
    if (down) out.push({ op: '+', text: b[--y]! });
    else out.push({ op: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    out.push({ op: ' ', text: a[--x]! });
    y--;
  }
  return out.reverse();
}

/** Unified hunks with `context` unchanged lines around each change. A null old text is a new file. */
export function unifiedDiff(oldText: string | null, newText: string, context = 3): UnifiedDiff {
  const script = diffLines(splitLines(oldText), splitLines(newText));
  const hunks: Hunk[] = [];
  let added = 0;
  let removed = 0;
  let oldNo = 1;
  let newNo = 1;
  let current: Hunk | null = null;
  let lastChange = -Infinity;
  for (let i = 0; i < script.length; i++) {
    const line = script[i]!;
    if (line.op !== ' ') {
      if (line.op === '+') added++;
      else removed++;
      if (!current || i - lastChange > 2 * context) {
        // Open a hunk with up to `context` lines before this change.
        const lead = script.slice(Math.max(0, i - context), i);
        current = { oldStart: oldNo - lead.length, oldLines: lead.length, newStart: newNo - lead.length, newLines: lead.length, lines: [...lead] };
        hunks.push(current);
      } else {
        // Close the gap since the last change with the unchanged lines in between.
        for (const gap of script.slice(lastChange + 1 + context, i)) addLine(current, gap);
      }
      addLine(current, line);
      lastChange = i;
    } else if (current && i - lastChange <= context) {
      addLine(current, line);
    }
    if (line.op !== '+') oldNo++;
    if (line.op !== '-') newNo++;
  }
  // Unified diff convention: an empty side names the line before it (`-0,0` for a new file).
  for (const h of hunks) {
    if (h.oldLines === 0) h.oldStart--;
    if (h.newLines === 0) h.newStart--;
  }
  return { hunks, added, removed };
}

function addLine(h: Hunk, line: DiffLine): void {
  h.lines.push(line);
  if (line.op !== '+') h.oldLines++;
  if (line.op !== '-') h.newLines++;
}
