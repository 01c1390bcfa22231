// The one webview document builder (chat and desktop use it): the CSP allows nothing the page
// does not name and only scripts carrying the nonce, resources go through the webview's own URI
// mapping, and every value is escaped on its way into the markup.
import assert from 'node:assert/strict';
import { escapeHtml, html, SafeHtml, webviewHtml } from '../../extension/webviews/webviewHtml.js';

/** Stands in for `vscode.Webview`: resources are file names, mapped under its own origin. */
const webview = { cspSource: 'https://res.test', asWebviewUri: (file: string) => `https://res.test/ext/${file}` };

function cspOf(doc: string): string {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(doc)?.[1];
  assert.ok(content !== undefined, 'the document has a CSP meta tag');
  return content.replace(/&#39;/g, "'");
}

describe('webview document builder', () => {
  it('allows only the nonce-carrying scripts and the webview\'s own styles and fonts', () => {
    const doc = webviewHtml(webview, { title: 't', scripts: ['a.js', 'b.js'], styles: [{ resource: 'a.css' }], fonts: true }, 'N0NCE');
    assert.equal(cspOf(doc), "default-src 'none'; style-src https://res.test; font-src https://res.test; script-src 'nonce-N0NCE'");
    assert.deepEqual([...doc.matchAll(/<script ([^>]*)>/g)].map((m) => m[1]), [
      'nonce="N0NCE" src="https://res.test/ext/a.js"',
      'nonce="N0NCE" src="https://res.test/ext/b.js"',
    ]);
    assert.match(doc, /<link rel="stylesheet" href="https:\/\/res\.test\/ext\/a\.css">/);
  });

  it('allows frames only when the page names their origins', () => {
    const plain = webviewHtml(webview, { title: 't', scripts: ['a.js'], styles: [] }, 'N');
    assert.doesNotMatch(cspOf(plain), /frame-src|style-src|font-src/);
    const framing = webviewHtml(webview, { title: 't', scripts: ['a.js'], styles: [], frameOrigins: ['http://127.0.0.1:4711'] }, 'N');
    assert.equal(cspOf(framing), "default-src 'none'; frame-src http://127.0.0.1:4711; script-src 'nonce-N'");
    const scriptless = webviewHtml(webview, { title: 't', scripts: [], styles: [{ resource: 'a.css' }] });
    assert.equal(cspOf(scriptless), "default-src 'none'; style-src https://res.test");
    assert.doesNotMatch(scriptless, /<script/);
  });

  it('escapes the title, data attributes, resource URIs and values in body markup', () => {
    const hostile = '"><script>alert(1)</script>';
    const doc = webviewHtml(
      { cspSource: 'https://res.test', asWebviewUri: (f: string) => f },
      { title: `<b>${hostile}`, scripts: [`x.js${hostile}`], styles: [{ resource: 'a.css', id: hostile }], data: { 'session-id': hostile }, body: html`<p title="${hostile}">${hostile}</p>` },
      'N',
    );
    assert.equal(doc.match(/<script/g)?.length, 1, 'no value became a script');
    assert.ok(doc.includes('<title>&lt;b&gt;&quot;&gt;&lt;script&gt;'));
    assert.ok(doc.includes('data-session-id="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.ok(doc.includes('<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;'));
    assert.throws(() => webviewHtml(webview, { title: 't', scripts: [], styles: [], data: { 'x onload=alert(1) y': 'v' } }), /not a data attribute name/);
  });

  it('keeps markup made by html as it is, escapes everything else, in text and in attributes', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<p>${inner}${[inner, inner]}${1}${true}</p>`.toString(), '<p><b>&lt;i&gt;</b><b>&lt;i&gt;</b><b>&lt;i&gt;</b>1true</p>');
    assert.equal(escapeHtml(`a&b<c>"d"'e'`), 'a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
    // Markup can be made only by the tag: a string passed off as SafeHtml is refused.
    assert.throws(() => new SafeHtml('<script>', Symbol('SafeHtml') as never), /only by the html tag/);
  });
});
