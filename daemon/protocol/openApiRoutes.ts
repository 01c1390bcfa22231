// Routes of the API's own description (issue 12): the OpenAPI document generated from ROUTES, and a
// ticket for the browsable docs page. Spread into ROUTES; docs/api.md describes each. The document
// is built in daemon/http/openApiDocument.ts (this leaf imports only zod); the page it feeds is a
// raw route (daemon/http/apiDocsServer.ts), reached through the URL `apiDocsTicket` hands out.
import { z } from 'zod';
import { route } from './routeDescriptor.js';

const API = '/api/v1';

/**
 * An OpenAPI 3.1 document: the fields a client can rely on, everything else kept as it came
 * (`loose`, so the typed client does not strip `components` and the rest).
 */
export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string().regex(/^3\.1\.\d+$/, 'an OpenAPI 3.1 version'),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .loose();
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

export const ApiDocsTicketSchema = z.object({
  /** The docs page with a ticket in it; open it before `expiresAt`. */
  pageUrl: z.string(),
  expiresAt: z.string(),
});
export type ApiDocsTicket = z.infer<typeof ApiDocsTicketSchema>;

export const OPENAPI_ROUTES = {
  openApi: route({ method: 'GET', path: `${API}/openapi.json`, response: OpenApiDocumentSchema }),
  /** A short-lived URL of the browsable, read-only API docs page (a browser cannot send the bearer token). */
  apiDocsTicket: route({ method: 'POST', path: `${API}/api-docs/ticket`, response: ApiDocsTicketSchema }),
} as const;
