// A small Markdown subset for agent messages, parsed to a tree (no HTML strings anywhere): the
// renderer builds DOM nodes from it with textContent, so agent text can never inject markup.
// Covers what coding agents write: headings, paragraphs, fenced code, lists (nested), quotes,
// rules, GFM tables, and inline code, bold, italic, strikethrough, links and bare URLs.
// Unclosed constructs (a fence still streaming) render as what they will become.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'quote'; c: Block[] }
  | { t: 'hr' }
  | { t: 'table'; align: ('left' | 'center' | 'right' | null)[]; head: Inline[][]; rows: Inline[][][] };

/** Deeper nesting renders as plain paragraphs: bounded work for hostile input. */
const MAX_DEPTH = 8;

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,12})([-*+]|\d{1,9}[.)])(?:\s+(.*)|\s*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export function parseMarkdown(text: string): Block[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !isClosingFence(lines[i] ?? '', marker)) body.push(lines[i++] ?? '');
      i++;
      blocks.push({ t: 'code', lang: fence[2] ?? '', v: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'h', level: (heading[1] ?? '#').length, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      for (let m = QUOTE.exec(lines[i] ?? ''); i < lines.length && m; m = QUOTE.exec(lines[i] ?? '')) {
        inner.push(m[1] ?? '');
        i++;
      }
      blocks.push({ t: 'quote', c: parseBlocks(inner, depth + 1) });
      continue;
    }
    if (depth < MAX_DEPTH && LIST_ITEM.test(line)) {
      i = parseList(lines, i, depth, blocks);
      continue;
    }
    if (line.includes('|') && TABLE_SEP.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      i = parseTable(lines, i, blocks);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && (para.length === 0 || !startsBlock(lines[i] ?? ''))) {
      para.push((lines[i] ?? '').trim());
      i++;
    }
    blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
  }
  return blocks;
}

function isClosingFence(line: string, marker: string): boolean {
  const t = line.trim();
  return t.length >= marker.length && t[0] === marker[0] && /^(`+|~+)$/.test(t);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

/** One list: items with the first item's marker type; lines indented past the marker belong to the item. */
function parseList(lines: string[], start: number, depth: number, out: Block[]): number {
  const first = LIST_ITEM.exec(lines[start] ?? '');
  const baseIndent = first?.[1]?.length ?? 0;
  const ordered = /\d/.test(first?.[2] ?? '');
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const m = LIST_ITEM.exec(line);
    if (m && (m[1]?.length ?? 0) <= baseIndent + 1 && /\d/.test(m[2] ?? '') === ordered) {
      items.push([m[3] ?? '']);
      i++;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const current = items[items.length - 1];
    if (line.trim() === '') {
      // A blank line continues the list only if the next line is still part of it.
      const next = lines[i + 1] ?? '';
      const nextIndent = next.length - next.trimStart().length;
      const nextItem = LIST_ITEM.exec(next);
      if (next.trim() !== '' && (nextIndent > baseIndent || (nextItem && (nextItem[1]?.length ?? 0) <= baseIndent + 1))) {
        current?.push('');
        i++;
        continue;
      }
      break;
    }
    if (indent > baseIndent && current) {
      current.push(line.slice(Math.min(indent, baseIndent + 2)));
      i++;
      continue;
    }
    // A lazy continuation of the item's paragraph, unless it starts another block.
    if (current && !startsBlock(line) && (current[current.length - 1] ?? '') !== '') {
      current.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  const startNumber = ordered ? parseInt(first?.[2] ?? '1', 10) : 1;
  out.push({ t: 'list', ordered, start: startNumber, items: items.map((item) => parseBlocks(item, depth + 1)) });
  return i;
}

function parseTable(lines: string[], start: number, out: Block[]): number {
  const cells = (line: string) => {
    let s = line.trim();
    if (s.startsWith('|')) s = s.slice(1);
    if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
    return s.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
  };
  const head = cells(lines[start] ?? '');
  const align = cells(lines[start + 1] ?? '').map((c) =>
    c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null,
  );
  const rows: Inline[][][] = [];
  let i = start + 2;
  while (i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim() !== '') {
    const row = cells(lines[i] ?? '');
    rows.push(head.map((_, c) => parseInline(row[c] ?? '')));
    i++;
  }
  out.push({ t: 'table', align, head: head.map((h) => parseInline(h)), rows });
  return i;
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;
const BARE_URL = /^https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/;
const ESCAPABLE = '\\`*_{}[]()#+-.!|~>';

/** Inline syntax. Delimiters without a closer are text; `closerMissing` keeps that linear. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const closerMissing = new Set<string>();
  let buf = '';
  const flush = () => {
    if (buf) out.push({ t: 'text', v: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1] ?? '')) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const end = closerMissing.has(fence) ? -1 : text.indexOf(fence, i + run);
      if (end < 0) {
        closerMissing.add(fence);
        buf += fence;
        i += run;
        continue;
      }
      flush();
      out.push({ t: 'code', v: text.slice(i + run, end).replace(/\n/g, ' ') });
      i = end + run;
      continue;
    }
    const span = spanAt(text, i, closerMissing);
    if (span) {
      flush();
      out.push(span.node);
      i = span.end;
      continue;
    }
    if ((ch === 'h' || ch === 'H') && (i === 0 || /[\s(]/.test(text[i - 1] ?? ''))) {
      const url = BARE_URL.exec(text.slice(i, i + 2048));
      if (url) {
        flush();
        out.push({ t: 'link', href: url[0], c: [{ t: 'text', v: url[0] }] });
        i += url[0].length;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

function spanAt(text: string, i: number, closerMissing: Set<string>): { node: Inline; end: number } | null {
  const two = text.slice(i, i + 2);
  const ch = text[i] ?? '';
  if (two === '**' || two === '__' || two === '~~') {
    const end = findCloser(text, two, i + 2, closerMissing);
    if (end > i + 2) return { node: { t: two === '~~' ? 'del' : 'strong', c: parseInline(text.slice(i + 2, end)) }, end: end + 2 };
  }
  if (ch === '*' || ch === '_') {
    // Intraword underscores (snake_case) are not emphasis.
    const wordBefore = ch === '_' && /\w/.test(text[i - 1] ?? '');
    const next = text[i + 1] ?? '';
    if (!wordBefore && next !== ' ' && next !== ch) {
      const end = findCloser(text, ch, i + 1, closerMissing);
      if (end > i + 1 && text[end - 1] !== ' ' && !(ch === '_' && /\w/.test(text[end + 1] ?? ''))) {
        return { node: { t: 'em', c: parseInline(text.slice(i + 1, end)) }, end: end + 1 };
      }
    }
  }
  if (ch === '[') {
    const close = text.indexOf('](', i + 1);
    const paren = close < 0 ? -1 : text.indexOf(')', close + 2);
    if (close > i && paren > close) {
      const href = text.slice(close + 2, paren).trim().split(/\s+/)[0] ?? '';
      const label = parseInline(text.slice(i + 1, close));
      // Only web and mail links navigate; anything else (javascript:, command:, file paths) stays text.
      if (SAFE_URL.test(href)) return { node: { t: 'link', href, c: label }, end: paren + 1 };
      return { node: { t: 'em', c: label }, end: paren + 1 };
    }
  }
  return null;
}

function findCloser(text: string, delim: string, from: number, closerMissing: Set<string>): number {
  if (closerMissing.has(delim)) return -1;
  let at = text.indexOf(delim, from);
  // A single `*` must not close on half of a `**`.
  while (delim.length === 1 && at >= 0 && text[at + 1] === delim) at = text.indexOf(delim, at + 2);
  if (at < 0) closerMissing.add(delim);
  return at;
}
