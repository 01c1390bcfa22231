// Links to files the session touched: the host opens them in an editor, resolving the path
// against the session's directory and refusing anything outside it.
import { h } from './dom.js';
import { displayPath, type ViewContext } from './viewContext.js';

/** A path the host opens in an editor; the host resolves and confines it to the session's directory. */
export function fileLink(ctx: ViewContext, path: string, line: number | null): HTMLElement {
  const label = `${displayPath(ctx, path)}${line !== null ? `:${line}` : ''}`;
  const a = h('a', { class: 'file-link', href: '#', 'data-path': path, title: `Open ${label}` }, label);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    ctx.actions.openFile(path, line);
  });
  return a;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
