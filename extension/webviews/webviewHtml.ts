// The one builder of webview documents (chat, desktop): a strict Content Security Policy
// (`default-src 'none'`, then only what the page names), a fresh nonce that the page's own
// scripts carry, resources turned into webview URIs by the webview itself, and every value
// escaped on the way into the markup. Structural (no `vscode` import): `vscode.Webview` fits
// `WebviewTarget<vscode.Uri>`, and unit tests pass a stand-in with plain strings.
import { randomBytes } from 'node:crypto';

/** What the builder needs of a webview: `vscode.Webview` is one. */
export interface WebviewTarget<R> {
  readonly cspSource: string;
  asWebviewUri(resource: R): { toString(): string };
}

/** Proves a `SafeHtml` was made here: the constructor is public, this key is not. */
const MADE_HERE: unique symbol = Symbol('SafeHtml');

/** Markup that is already safe to place in a document: made by `html`, never from raw strings. */
export class SafeHtml {
  readonly #markup: string;
  constructor(markup: string, key: typeof MADE_HERE) {
    if (key !== MADE_HERE) throw new Error('SafeHtml is made only by the html tag');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

type HtmlValue = string | number | boolean | SafeHtml | readonly SafeHtml[];

/**
 * A template tag that escapes each interpolated value (safe in text and in quoted attributes),
 * except markup already made by this tag: `html\`<p title="${user}">${message}</p>\``.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += (Array.isArray(v) ? v.join('') : v instanceof SafeHtml ? v.toString() : escapeHtml(String(v))) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out, MADE_HERE);
}

/** Escaped for element text and for attribute values in either kind of quotes. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** 128 bits from the OS CSPRNG; a script without this nonce does not run. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface WebviewPage<R> {
  title: string;
  /** Loaded in order, each with the nonce; the CSP allows no other script. */
  scripts: readonly R[];
  /** Stylesheets, each optionally with an element id (the codicon stylesheet keeps its conventional one). */
  styles: readonly { resource: R; id?: string }[];
  /** The page loads fonts from its own resources (a codicon font). */
  fonts?: boolean;
  /** Origins the page may frame (`frame-src`); none unless named. */
  frameOrigins?: readonly string[];
  /** `data-*` attributes of `<body>`: what the script needs before any message arrives. */
  data?: Readonly<Record<string, string>>;
  /** The body's markup before the scripts. */
  body?: SafeHtml;
}

/** The Content-Security-Policy of a page: nothing is allowed that the page does not name. */
function webviewCsp(cspSource: string, page: Pick<WebviewPage<unknown>, 'fonts' | 'frameOrigins' | 'styles' | 'scripts'>, nonce: string): string {
  return [
    "default-src 'none'",
    ...(page.frameOrigins?.length ? [`frame-src ${page.frameOrigins.join(' ')}`] : []),
    ...(page.styles.length > 0 ? [`style-src ${cspSource}`] : []),
    ...(page.fonts ? [`font-src ${cspSource}`] : []),
    ...(page.scripts.length > 0 ? [`script-src 'nonce-${nonce}'`] : []),
  ].join('; ');
}

export function webviewHtml<R>(webview: WebviewTarget<R>, page: WebviewPage<R>, nonce = newNonce()): string {
  const uri = (r: R) => webview.asWebviewUri(r).toString();
  const styles = page.styles.map((s) =>
    s.id === undefined ? html`<link rel="stylesheet" href="${uri(s.resource)}">\n` : html`<link rel="stylesheet" href="${uri(s.resource)}" id="${s.id}">\n`,
  );
  const data = Object.entries(page.data ?? {}).map(([k, v]) => {
    if (!/^[a-z][a-z0-9-]*$/.test(k)) throw new Error(`not a data attribute name: ${k}`);
    return html` data-${new SafeHtml(k, MADE_HERE)}="${v}"`;
  });
  const scripts = page.scripts.map((s) => html`<script nonce="${nonce}" src="${uri(s)}"></script>\n`);
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(webview.cspSource, page, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}<title>${page.title}</title>
</head>
<body${data}>
${page.body ? html`${page.body}\n` : html``}${scripts}</body>
</html>`.toString();
}
