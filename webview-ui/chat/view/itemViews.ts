// One element per timeline item. Each function builds the item's whole element from the item
// alone (plus the context), so redrawing a changed item is "build and replace", with no
// per-field patching to get wrong.
import type { ChatItem, FileItem, NoticeItem, PermissionItem, PlanItem, TextItem, UserItem } from '../chatTypes.js';
import { h, icon } from './dom.js';
import { renderElicitation } from './elicitationCard.js';
import { renderMarkdown } from './markdownDom.js';
import { renderToolCall } from './toolCallView.js';
import { fileLink, formatBytes } from './fileLink.js';
import { isExpanded, type ViewContext } from './viewContext.js';

export function renderItem(item: ChatItem, ctx: ViewContext): HTMLElement {
  const el = body(item, ctx);
  el.classList.add('item');
  el.dataset.itemId = item.id;
  el.dataset.kind = item.kind;
  return el;
}

function body(item: ChatItem, ctx: ViewContext): HTMLElement {
  switch (item.kind) {
    case 'user':
      return renderUser(item);
    case 'agent':
      return h('div', { class: 'agent-message' }, renderMarkdown(item.text));
    case 'userEcho':
      return h('div', { class: 'user-turn echo' }, h('div', { class: 'bubble' }, item.text));
    case 'thought':
      return renderThought(item, ctx);
    case 'tool':
      return renderToolCall(item, ctx);
    case 'plan':
      return renderPlan(item);
    case 'permission':
      return renderPermission(item, ctx);
    case 'file':
      return renderFile(item, ctx);
    case 'notice':
      return renderNotice(item);
    case 'elicitation':
      return renderElicitation(item, ctx);
  }
}

export function renderUser(item: UserItem): HTMLElement {
  const meta: string[] = [];
  if (item.index !== null) meta.push(`Turn ${item.index + 1}`);
  if (item.status === 'queued') meta.push('queued');
  else if (item.status === 'running') meta.push('running');
  else if (item.error) meta.push('failed');
  else if (item.stopReason && item.stopReason !== 'end_turn') meta.push(item.stopReason.replace(/_/g, ' '));
  return h(
    'div',
    { class: 'user-turn', 'data-status': item.status },
    h('div', { class: 'bubble' }, item.text),
    h('div', { class: 'meta' }, icon('account'), ` ${meta.join(' · ')}`),
  );
}

function collapsible(item: ChatItem, ctx: ViewContext, openByDefault: boolean, summary: HTMLElement, content: HTMLElement): HTMLDetailsElement {
  const d = h('details', { open: isExpanded(ctx, item.id, openByDefault) }, summary, content);
  d.addEventListener('toggle', () => ctx.actions.setExpanded(item.id, d.open));
  return d;
}

function renderThought(item: TextItem, ctx: ViewContext): HTMLElement {
  const summary = h('summary', {}, icon('lightbulb'), ' Thinking');
  return h('div', { class: 'thought' }, collapsible(item, ctx, false, summary, renderMarkdown(item.text)));
}

const PLAN_ICONS: Record<string, string> = { completed: 'pass-filled', in_progress: 'circle-large-filled', pending: 'circle-large' };

function renderPlan(item: PlanItem): HTMLElement {
  const done = item.entries.filter((e) => e.status === 'completed').length;
  return h(
    'div',
    { class: 'plan' },
    h('div', { class: 'plan-title' }, icon('checklist'), ' Plan', h('span', { class: 'muted' }, ` · ${done}/${item.entries.length} done`)),
    h(
      'ul',
      { class: 'plan-list' },
      ...item.entries.map((e) =>
        h(
          'li',
          { 'data-status': e.status ?? 'pending', 'data-priority': e.priority },
          icon(PLAN_ICONS[e.status ?? 'pending'] ?? 'circle-large'),
          h('span', { class: 'plan-text' }, e.content),
        ),
      ),
    ),
  );
}

const ANSWERED_BY: Record<string, string> = { user: 'you', policy: 'the permission policy', system: 'Switchboard' };

function renderPermission(item: PermissionItem, ctx: ViewContext): HTMLElement {
  const sending = ctx.answering.get(item.requestId);
  const pending = item.status === 'pending';
  // One primary button, as VS Code dialogs do: the agent's first "allow" option.
  const primary = item.options.find((o) => o.kind.startsWith('allow'))?.optionId;
  const buttons = item.options.map((o) => {
    const chosen = item.chosenOptionId === o.optionId || sending === o.optionId;
    const b = h(
      'button',
      {
        type: 'button',
        class: `permission-option ${o.optionId === primary ? 'primary' : 'secondary'}${chosen ? ' chosen' : ''}`,
        'data-option-id': o.optionId,
        'data-option-kind': o.kind,
        'aria-pressed': chosen ? 'true' : undefined,
        disabled: !pending || sending !== undefined,
      },
      icon(o.kind.startsWith('allow') ? 'check' : 'close'),
      ` ${o.name}`,
    );
    b.addEventListener('click', () => ctx.actions.answerPermission(item.requestId, o.optionId));
    return b;
  });
  let answer: string | null = null;
  if (item.status === 'answered') {
    const chosen = item.options.find((o) => o.optionId === item.chosenOptionId);
    answer = `${chosen?.name ?? item.chosenOptionId ?? 'Answered'} · answered by ${ANSWERED_BY[item.answeredBy ?? ''] ?? item.answeredBy ?? 'someone'}`;
  } else if (item.status === 'cancelled') {
    answer = `Cancelled${item.answeredBy ? ` by ${ANSWERED_BY[item.answeredBy] ?? item.answeredBy}` : ''}`;
  } else if (sending !== undefined) {
    answer = 'Sending…';
  }
  const error = ctx.answerErrors.get(item.requestId);
  return h(
    'div',
    { class: 'permission-card', 'data-request-id': item.requestId, 'data-status': item.status, role: 'group', 'aria-label': `Permission request: ${item.title}` },
    h(
      'div',
      { class: 'permission-head' },
      icon(pending ? 'shield' : item.status === 'answered' ? 'pass' : 'circle-slash'),
      pending ? 'The agent asks permission to ' : 'The agent asked permission to ',
      h('strong', { class: 'permission-title' }, item.title),
    ),
    h('div', { class: 'permission-options' }, ...buttons),
    answer !== null && h('div', { class: 'permission-answer' }, answer),
    error !== undefined && h('div', { class: 'permission-error' }, icon('error'), ` ${error}`),
  );
}

function renderFile(item: FileItem, ctx: ViewContext): HTMLElement {
  return h(
    'div',
    { class: 'file-written' },
    icon(item.created ? 'new-file' : 'save'),
    item.created ? ' Created ' : ' Wrote ',
    fileLink(ctx, item.path, null),
    h('span', { class: 'muted' }, ` (${formatBytes(item.bytes)})`),
  );
}

const NOTICE_ICONS: Record<NoticeItem['level'], string> = { info: 'info', warn: 'warning', error: 'error' };

function renderNotice(item: NoticeItem): HTMLElement {
  return h(
    'div',
    { class: 'notice', 'data-level': item.level },
    h('div', {}, icon(NOTICE_ICONS[item.level]), ` ${item.text}`),
    item.detail !== null && h('details', {}, h('summary', {}, 'Details'), h('pre', {}, item.detail)),
  );
}
