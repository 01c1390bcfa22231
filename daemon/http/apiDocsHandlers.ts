// Handlers of the API-description routes (OPENAPI_ROUTES in daemon/protocol/openApiRoutes.ts): the
// OpenAPI document and a ticketed URL of the docs page.
import type { OpenApiDocument, OPENAPI_ROUTES } from '../protocol/openApiRoutes.js';
import { API_DOCS_PAGE_PATH } from './apiDocsServer.js';
import type { ApiDocsTickets } from './apiDocsTickets.js';
import type { ApiHandlers } from './handlers.js';

export interface ApiDocsHandlerDeps {
  apiDocs: {
    /** The generated document (openApiDocument.ts), built once. */
    document(): OpenApiDocument;
    tickets: ApiDocsTickets;
    /** `http://127.0.0.1:<port>`, known once the server listens. */
    baseUrl(): string;
  };
}

export function apiDocsHandlers(d: ApiDocsHandlerDeps): Pick<ApiHandlers, keyof typeof OPENAPI_ROUTES> {
  return {
    openApi: () => d.apiDocs.document(),
    apiDocsTicket: () => {
      const { ticket, expiresAt } = d.apiDocs.tickets.issue();
      return { pageUrl: `${d.apiDocs.baseUrl()}${API_DOCS_PAGE_PATH}?ticket=${encodeURIComponent(ticket)}`, expiresAt: expiresAt.toISOString() };
    },
  };
}
