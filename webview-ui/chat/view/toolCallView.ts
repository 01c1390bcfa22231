// A tool call: kind icon, title, status, the files it touches, and its content — diffs as compact
// unified diffs, terminals with their command and exit, text output. ACP content blocks arrive
// as `unknown` (agents vary), so every field is checked before it is drawn.
import type { TerminalInfo, ToolItem } from '../chatTypes.js';
import { unifiedDiff } from '../lineDiff.js';
import { h, icon } from './dom.js';
import { fileLink, formatBytes } from './fileLink.js';
import { renderMarkdown } from './markdownDom.js';
import { displayPath, isExpanded, type ViewContext } from './viewContext.js';

const KIND_ICONS: Record<string, string> = {
  read: 'file',
  edit: 'edit',
  delete: 'trash',
  move: 'arrow-right',
  search: 'search',
  execute: 'terminal',
  think: 'lightbulb',
  fetch: 'globe',
  switch_mode: 'arrow-swap',
  other: 'tools',
};

const STATUS_ICONS: Record<string, string> = {
  pending: 'circle-large',
  in_progress: 'loading codicon-modifier-spin',
  completed: 'pass',
  failed: 'error',
};

/** Longer diffs are cut: the panel is a glance, the worktree has the whole file. */
const MAX_DIFF_LINES = 400;
const MAX_OUTPUT_CHARS = 20_000;

export function renderToolCall(item: ToolItem, ctx: ViewContext): HTMLElement {
  const status = item.status ?? 'pending';
  const summary = h(
    'summary',
    {},
    icon(KIND_ICONS[item.toolKind ?? 'other'] ?? 'tools'),
    h('span', { class: 'tool-title' }, item.title ?? item.toolCallId),
    h('span', { class: 'tool-status', 'data-status': status }, icon(STATUS_ICONS[status] ?? 'circle-large'), ` ${status.replace(/_/g, ' ')}`),
  );
  const parts: HTMLElement[] = [];
  if (item.locations.length > 0) {
    parts.push(h('div', { class: 'tool-locations' }, ...item.locations.map((l) => fileLink(ctx, l.path, l.line))));
  }
  let openByDefault = false;
  for (const block of item.content) {
    const el = renderContent(block, item, ctx);
    if (!el) continue;
    if (el.classList.contains('diff') || el.classList.contains('terminal')) openByDefault = true;
    parts.push(el);
  }
  const output = rawOutputText(item.rawOutput);
  if (output) parts.push(h('pre', { class: 'tool-output' }, clip(output)));
  const el = h('div', { class: 'tool-call', 'data-tool-kind': item.toolKind ?? 'other', 'data-status': status });
  if (parts.length === 0) {
    el.appendChild(h('div', { class: 'tool-summary' }, ...Array.from(summary.childNodes)));
    return el;
  }
  // Diffs and commands are open by default (what changed, what ran); other output starts folded.
  const details = h('details', { open: isExpanded(ctx, item.id, openByDefault) }, summary, h('div', { class: 'tool-body' }, ...parts));
  details.addEventListener('toggle', () => ctx.actions.setExpanded(item.id, details.open));
  el.appendChild(details);
  return el;
}

function renderContent(block: unknown, item: ToolItem, ctx: ViewContext): HTMLElement | null {
  const b = block as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return null;
  if (b.type === 'diff' && typeof b.path === 'string' && typeof b.newText === 'string') {
    return renderDiff(ctx, b.path, typeof b.oldText === 'string' ? b.oldText : null, b.newText);
  }
  if (b.type === 'terminal' && typeof b.terminalId === 'string') {
    return renderTerminal(ctx.model.terminals[b.terminalId], item.rawInput);
  }
  if (b.type === 'content') {
    const c = b.content as Record<string, unknown> | null;
    if (c && c.type === 'text' && typeof c.text === 'string') {
      return item.toolKind === 'execute' ? h('pre', { class: 'tool-output' }, clip(c.text)) : h('div', { class: 'tool-text' }, renderMarkdown(clip(c.text)));
    }
    if (c && typeof c.type === 'string') return h('div', { class: 'muted' }, `[${c.type} content]`);
  }
  return null;
}

function renderDiff(ctx: ViewContext, path: string, oldText: string | null, newText: string): HTMLElement {
  const diff = unifiedDiff(oldText, newText);
  const body = h('div', { class: 'diff-body', role: 'table', 'aria-label': `Changes to ${displayPath(ctx, path)}` });
  let shown = 0;
  for (const hunk of diff.hunks) {
    if (shown >= MAX_DIFF_LINES) break;
    body.appendChild(h('div', { class: 'hunk-head' }, `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (shown++ >= MAX_DIFF_LINES) break;
      const cls = line.op === '+' ? 'add' : line.op === '-' ? 'del' : 'ctx';
      body.appendChild(h('div', { class: `diff-line ${cls}` }, h('span', { class: 'sign' }, line.op), line.text));
    }
  }
  const total = diff.hunks.reduce((n, hk) => n + hk.lines.length, 0);
  return h(
    'div',
    { class: 'diff' },
    h(
      'div',
      { class: 'diff-head' },
      icon('diff'),
      ' ',
      fileLink(ctx, path, null),
      oldText === null ? h('span', { class: 'muted' }, ' (new file)') : null,
      h('span', { class: 'diff-added' }, ` +${diff.added}`),
      h('span', { class: 'diff-removed' }, ` −${diff.removed}`),
    ),
    diff.hunks.length === 0 ? h('div', { class: 'muted diff-empty' }, 'No changes') : body,
    total > MAX_DIFF_LINES ? h('div', { class: 'muted' }, `… ${total - MAX_DIFF_LINES} more lines`) : null,
  );
}

function renderTerminal(term: TerminalInfo | undefined, rawInput: unknown): HTMLElement {
  const input = rawInput as { command?: unknown; args?: unknown } | null;
  const command = term?.command || (typeof input?.command === 'string' ? input.command : '');
  const args = term?.args ?? (Array.isArray(input?.args) ? input.args.map(String) : []);
  let status: HTMLElement;
  if (!term || term.running) status = h('span', {}, icon('loading', 'codicon-modifier-spin'), ' running');
  else {
    const how = term.signal ? `killed by ${term.signal}` : `exit ${term.exitCode ?? '?'}`;
    const bytes = term.outputBytes !== null ? ` · ${formatBytes(term.outputBytes)} of output${term.truncated ? ' (truncated)' : ''}` : '';
    status = h('span', { 'data-exit': term.exitCode ?? undefined }, icon(term.exitCode === 0 ? 'pass' : 'error'), ` ${how}${bytes}`);
  }
  return h(
    'div',
    { class: 'terminal' },
    h('div', { class: 'terminal-cmd' }, h('span', { class: 'prompt' }, '$ '), [command, ...args].map(quoteArg).join(' ')),
    h('div', { class: 'terminal-status' }, status),
  );
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Output text some agents put in rawOutput; we show it when it is there. */
function rawOutputText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw || null;
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const parts = ['output', 'stdout', 'stderr', 'formatted_output'].flatMap((k) => (typeof r[k] === 'string' && r[k] ? [r[k]] : []));
  return parts.length > 0 ? parts.join('\n') : null;
}

function clip(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (${text.length - MAX_OUTPUT_CHARS} more characters)` : text;
}
