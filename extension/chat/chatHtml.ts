// The chat webview's document: our stylesheets and codicon font, the one bundled script, and the
// session id the webview needs before any message arrives (the shared builder adds the CSP, the
// nonce and the escaping).
import { webviewHtml, type WebviewTarget } from '../webviews/webviewHtml.js';

/** The chat's files in the extension (`vscode.Uri`s in the host, strings in tests). */
export interface ChatResources<R> {
  script: R;
  style: R;
  codicons: R;
}

export function chatHtml<R>(webview: WebviewTarget<R>, resources: ChatResources<R>, page: { sessionId: string; title: string }, nonce?: string): string {
  return webviewHtml(
    webview,
    {
      title: page.title,
      // The codicon stylesheet under the id webview toolkits conventionally look it up by.
      styles: [{ resource: resources.codicons, id: 'vscode-codicon-stylesheet' }, { resource: resources.style }],
      fonts: true,
      scripts: [resources.script],
      data: { 'session-id': page.sessionId },
    },
    nonce,
  );
}
