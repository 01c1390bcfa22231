// The chat webview's document: a strict CSP (nothing but our stylesheets, fonts and one script
// carrying a fresh nonce), resource URIs the host turned into webview URIs, and the session id
// the webview needs before any message arrives. No `vscode` import: the URIs come in as strings.
import { randomBytes } from 'node:crypto';

export interface ChatHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  sessionId: string;
  title: string;
}

/** 128 bits from the OS CSPRNG; a script without this nonce does not run. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function chatHtml(input: ChatHtmlInput, nonce = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${text(input.title)}</title>
</head>
<body data-session-id="${attr(input.sessionId)}">
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
