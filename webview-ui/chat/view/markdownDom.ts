// Markdown tree → DOM. Text only ever lands in text nodes; links keep only the URLs the parser
// judged safe (http, https, mailto), which VS Code opens outside the webview.
import type { Block, Inline } from '../markdown.js';
import { parseMarkdown } from '../markdown.js';
import { append, h } from './dom.js';

export function renderMarkdown(text: string): HTMLElement {
  const root = h('div', { class: 'markdown' });
  for (const b of parseMarkdown(text)) root.appendChild(block(b));
  return root;
}

function block(b: Block): Node {
  switch (b.t) {
    case 'p':
      return h('p', {}, ...inlines(b.c));
    case 'h': {
      // Agent headings sit inside a chat bubble: shift them down so they do not shout.
      const level = Math.min(6, b.level + 2) as 3 | 4 | 5 | 6;
      return h(`h${level}`, {}, ...inlines(b.c));
    }
    case 'code':
      return h('pre', { class: 'code-block', 'data-lang': b.lang || undefined }, h('code', {}, b.v));
    case 'list': {
      const list = b.ordered ? h('ol', { start: b.start !== 1 ? b.start : undefined }) : h('ul');
      for (const item of b.items) {
        const li = h('li');
        // A one-paragraph item renders without the <p>, so lists stay compact.
        const only = item.length === 1 ? item[0] : undefined;
        if (only?.t === 'p') append(li, ...inlines(only.c));
        else for (const inner of item) li.appendChild(block(inner));
        list.appendChild(li);
      }
      return list;
    }
    case 'quote': {
      const q = h('blockquote');
      for (const inner of b.c) q.appendChild(block(inner));
      return q;
    }
    case 'hr':
      return h('hr');
    case 'table': {
      const cell = (tag: 'th' | 'td', c: Inline[], i: number) => h(tag, { class: b.align[i] ? `align-${b.align[i]}` : undefined }, ...inlines(c));
      return h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...b.head.map((c, i) => cell('th', c, i)))),
          h('tbody', {}, ...b.rows.map((r) => h('tr', {}, ...r.map((c, i) => cell('td', c, i))))),
        ),
      );
    }
  }
}

function inlines(list: Inline[]): Node[] {
  return list.map(inline);
}

function inline(n: Inline): Node {
  switch (n.t) {
    case 'text':
      return document.createTextNode(n.v);
    case 'code':
      return h('code', {}, n.v);
    case 'strong':
      return h('strong', {}, ...inlines(n.c));
    case 'em':
      return h('em', {}, ...inlines(n.c));
    case 'del':
      return h('del', {}, ...inlines(n.c));
    case 'link':
      return h('a', { href: n.href, title: n.href }, ...inlines(n.c));
    case 'br':
      return h('br');
  }
}
