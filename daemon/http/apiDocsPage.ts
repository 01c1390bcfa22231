// The API docs page: Swagger UI (swagger-ui-dist, served by the daemon, nothing from a CDN) over
// the generated OpenAPI document, which the page carries inline as a JSON data block, so the page
// makes no request of its own and holds no credential. It is read-only: "Try it out" and
// "Authorize" are off, because the only credential the API takes is the bearer token, and a
// browser page on the daemon's origin is no place for it (the port proxy serves container pages
// on that same origin; docs/api.md explains). The CSP allows our own files only and no fetches.
//
// Asset URLs are relative (`docs/assets/…` from `/api/docs`), so the page also works under a path
// prefix (code-server's `/proxy/<port>/`, which VS Code's asExternalUri hands the extension there).
import type { OpenApiDocument } from '../protocol/openApiRoutes.js';

export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Swagger UI's icons are data: URIs in its stylesheet.
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The page itself; `document` goes in as JSON, escaped so no `</script>` can end the block.
 * `origin` (`http://127.0.0.1:<port>`) only fills in the curl example.
 */
export function apiDocsPageHtml(document: OpenApiDocument, origin: string): string {
  const json = JSON.stringify(document).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="stylesheet" href="docs/assets/page.css">
</head>
<body>
<p id="read-only-note">Read-only documentation of this daemon's API. Call it with the bearer token of
<code>daemon.json</code>: <code>curl -H "Authorization: Bearer $TOKEN" ${escapeHtml(origin)}/api/v1/health</code>,
or through the <code>switchboard</code> CLI.</p>
<div id="swagger-ui"></div>
<script type="application/json" id="openapi-document">${json}</script>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/init.js"></script>
</body>
</html>
`;
}

/** Starts Swagger UI on the inline document, with every way to send a request turned off. */
export const API_DOCS_INIT_JS = `'use strict';
const document_ = JSON.parse(document.getElementById('openapi-document').textContent);
window.ui = SwaggerUIBundle({
  spec: document_,
  dom_id: '#swagger-ui',
  // Read-only: no "Try it out", no validator badge fetched from elsewhere.
  supportedSubmitMethods: [],
  tryItOutEnabled: false,
  validatorUrl: null,
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayOperationId: true,
  filter: true,
});
`;

/**
 * Hides "Authorize" (nothing on this page sends a request) and the bar that holds it (the document
 * names no servers: its paths are this daemon's), and styles the note.
 */
export const API_DOCS_PAGE_CSS = `.swagger-ui .scheme-container, .swagger-ui .auth-wrapper, .swagger-ui .authorization__btn { display: none; }
#read-only-note { max-width: 1400px; margin: 12px auto 0; padding: 8px 20px; box-sizing: border-box;
  font: 14px sans-serif; color: #3b4151; background: #f0f4f8; border-left: 4px solid #49cc90; }
#read-only-note code { font-size: 13px; }
`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
