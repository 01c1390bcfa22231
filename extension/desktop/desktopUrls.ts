// Where the webview's iframe points. The daemon answers URLs on its loopback address; a webview
// may run elsewhere (Remote-SSH, code-server in a browser), so the extension maps the daemon's
// ROOT through `vscode.env.asExternalUri` and re-roots the page under it. Mapping the root (not
// the page URL itself) keeps the one-time ticket out of the mapping, and keeps the page's
// relative paths (noVNC files, the WebSocket) under the same prefix: code-server answers
// `http://host/proxy/<port>/`, and everything below it must stay below it.

/** The daemon's root URL (`http://127.0.0.1:<port>/`), from any URL it handed out. */
export function daemonRootOf(pageUrl: string): string {
  return new URL('/', pageUrl).toString();
}

/** The page URL re-rooted under the external URI of the daemon's root. */
export function externalPageUrl(pageUrl: string, externalRoot: string): string {
  const page = new URL(pageUrl);
  const root = new URL(externalRoot);
  if (!root.pathname.endsWith('/')) root.pathname = `${root.pathname}/`;
  root.search = '';
  root.hash = '';
  return new URL(`${page.pathname.replace(/^\/+/, '')}${page.search}`, root).toString();
}

/** The origin the panel's CSP `frame-src` allows and its postMessage relay trusts. */
export function frameOriginOf(url: string): string {
  return new URL(url).origin;
}
