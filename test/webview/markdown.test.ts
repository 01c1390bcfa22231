// The Markdown subset agents' messages are drawn with: the tree it builds for what agents write,
// streaming-safe behaviour for half-written input, and no way for text to become a live link or
// markup it should not be.
import assert from 'node:assert/strict';
import { parseInline, parseMarkdown, type Block } from '../../webview-ui/chat/markdown.js';

describe('chat markdown', () => {
  it('parses headings, paragraphs with line breaks, fenced code and rules', () => {
    const blocks = parseMarkdown('# Title\nfirst line\nsecond line\n\n```ts\nconst a = 1;\n```\n---');
    assert.deepEqual(blocks, [
      { t: 'h', level: 1, c: [{ t: 'text', v: 'Title' }] },
      { t: 'p', c: [{ t: 'text', v: 'first line' }, { t: 'br' }, { t: 'text', v: 'second line' }] },
      { t: 'code', lang: 'ts', v: 'const a = 1;' },
      { t: 'hr' },
    ]);
  });

  it('treats a fence still streaming as code up to the end', () => {
    assert.deepEqual(parseMarkdown('Look:\n```\nline 1\nline 2'), [
      { t: 'p', c: [{ t: 'text', v: 'Look:' }] },
      { t: 'code', lang: '', v: 'line 1\nline 2' },
    ]);
  });

  it('parses nested lists, ordered lists with their start, and quotes', () => {
    const [list, ordered, quote] = parseMarkdown('- one\n- two\n  - two.a\n\n3. three\n4. four\n\n> quoted **bold**');
    assert.equal(list?.t, 'list');
    const items = (list as Extract<Block, { t: 'list' }>).items;
    assert.equal(items.length, 2);
    assert.deepEqual(items[1]?.[1], { t: 'list', ordered: false, start: 1, items: [[{ t: 'p', c: [{ t: 'text', v: 'two.a' }] }]] });
    assert.deepEqual(ordered && ordered.t === 'list' ? [ordered.ordered, ordered.start, ordered.items.length] : null, [true, 3, 2]);
    assert.deepEqual(quote, { t: 'quote', c: [{ t: 'p', c: [{ t: 'text', v: 'quoted ' }, { t: 'strong', c: [{ t: 'text', v: 'bold' }] }] }] });
  });

  it('parses GFM tables with alignment', () => {
    const [table] = parseMarkdown('| a | b |\n|:--|--:|\n| 1 | `x` |');
    assert.deepEqual(table, {
      t: 'table',
      align: ['left', 'right'],
      head: [[{ t: 'text', v: 'a' }], [{ t: 'text', v: 'b' }]],
      rows: [[[{ t: 'text', v: '1' }], [{ t: 'code', v: 'x' }]]],
    });
  });

  it('parses inline code, emphasis, strikethrough and links; snake_case stays text', () => {
    assert.deepEqual(parseInline('use `npm test`, *really* ~~not~~ __now__: my_var_name [docs](https://x.dev/a)'), [
      { t: 'text', v: 'use ' },
      { t: 'code', v: 'npm test' },
      { t: 'text', v: ', ' },
      { t: 'em', c: [{ t: 'text', v: 'really' }] },
      { t: 'text', v: ' ' },
      { t: 'del', c: [{ t: 'text', v: 'not' }] },
      { t: 'text', v: ' ' },
      { t: 'strong', c: [{ t: 'text', v: 'now' }] },
      { t: 'text', v: ': my_var_name ' },
      { t: 'link', href: 'https://x.dev/a', c: [{ t: 'text', v: 'docs' }] },
    ]);
  });

  it('links bare URLs', () => {
    assert.deepEqual(parseInline('see https://example.com/x.'), [
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://example.com/x', c: [{ t: 'text', v: 'https://example.com/x' }] },
      { t: 'text', v: '.' },
    ]);
  });

  it('never makes a link of javascript:, command: or file URLs, and keeps HTML as text', () => {
    for (const href of ['javascript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd', 'vscode://x']) {
      const nodes = parseInline(`[click](${href})`);
      assert.ok(!JSON.stringify(nodes).includes('"link"'), href);
    }
    assert.deepEqual(parseInline('<img src=x onerror=alert(1)>'), [{ t: 'text', v: '<img src=x onerror=alert(1)>' }]);
  });

  it('stays linear on unclosed delimiters (a hostile or half-streamed message)', () => {
    const text = '*'.repeat(1) + 'a `b [c _d ~~e **f '.repeat(20_000);
    const started = performance.now();
    parseMarkdown(text);
    assert.ok(performance.now() - started < 1000);
  });
});
