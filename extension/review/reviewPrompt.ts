// "Send Review to Agent": the pending review comments of a session become ONE follow-up prompt
// that names each file and line range, quotes the code as it is in the worktree now, and gives
// the comment. Pure, so the wording and the batching are unit-tested.

/** One commented range. Lines are 1-based and inclusive, as people and agents count them. */
export interface ReviewItem {
  path: string;
  startLine: number;
  endLine: number;
  /** The lines `startLine..endLine` of the worktree file (null when it could not be read). */
  excerpt: readonly string[] | null;
  /** The comments on that range, oldest first. */
  comments: readonly string[];
}

/** Longer ranges are quoted up to this many lines, then "…". */
export const EXCERPT_MAX_LINES = 40;

export const REVIEW_PROMPT_HEADING = 'Review comments on your changes';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function lineRange(i: ReviewItem): string {
  return i.startLine === i.endLine ? `line ${i.startLine}` : `lines ${i.startLine}–${i.endLine}`;
}

/** A fence longer than any run of backticks in the text, so quoted code cannot close it. */
function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const l of lines) for (const m of l.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function quote(i: ReviewItem): string[] {
  if (!i.excerpt || i.excerpt.length === 0) return ['(the lines could not be read from the worktree)'];
  const shown = i.excerpt.slice(0, EXCERPT_MAX_LINES);
  const width = String(i.startLine + shown.length - 1).length;
  const numbered = shown.map((l, k) => `${String(i.startLine + k).padStart(width)} | ${l}`);
  if (i.excerpt.length > shown.length) numbered.push(`${' '.repeat(width)} | … (${i.excerpt.length - shown.length} more lines)`);
  const fence = fenceFor(numbered);
  return [fence, ...numbered, fence];
}

export function sortItems(items: readonly ReviewItem[]): ReviewItem[] {
  return [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine || a.endLine - b.endLine));
}

export function buildReviewPrompt(items: readonly ReviewItem[]): string {
  const sorted = sortItems(items).filter((i) => i.comments.some((c) => c.trim() !== ''));
  const files = new Set(sorted.map((i) => i.path)).size;
  const count = sorted.reduce((n, i) => n + i.comments.filter((c) => c.trim() !== '').length, 0);
  const out = [
    `${REVIEW_PROMPT_HEADING} (${plural(count, 'comment')} in ${plural(files, 'file')}).`,
    'Each names a file and line range in your worktree and quotes those lines as they are now. Address every comment; change nothing else.',
  ];
  sorted.forEach((item, n) => {
    out.push('', `${n + 1}. ${item.path}, ${lineRange(item)}:`, ...quote(item));
    for (const c of item.comments) if (c.trim() !== '') out.push(c.trim());
  });
  return out.join('\n');
}
