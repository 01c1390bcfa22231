// The API docs page's raw routes (not JSON; a browser cannot send the bearer token, so the page
// takes a ticket from `POST /api/v1/api-docs/ticket` instead, like the desktop page):
//   GET /api/docs?ticket=T          the page, with the OpenAPI document inline (401 without a live ticket)
//   GET /api/docs/assets/<file>     Swagger UI's bundle and stylesheet, and the page's own script and
//                                   stylesheet (public code, no ticket: the page's <script src> carries none)
// The loopback Host check of the pipeline applies before these run.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { SwitchboardError } from '../protocol/errors.js';
import type { OpenApiDocument } from '../protocol/openApiRoutes.js';
import { API_DOCS_CSP, API_DOCS_INIT_JS, API_DOCS_PAGE_CSS, apiDocsPageHtml } from './apiDocsPage.js';
import type { ApiDocsTickets } from './apiDocsTickets.js';
import type { RawRoutes } from './server.js';

export const API_DOCS_PAGE_PATH = '/api/docs';
const ASSETS_PREFIX = `${API_DOCS_PAGE_PATH}/assets/`;

/** The files of swagger-ui-dist the page uses; esbuild.mjs copies exactly these beside the bundle. */
export const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE'] as const;

const SERVED: Record<string, string> = { 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8', 'swagger-ui.css': 'text/css; charset=utf-8' };
/** Written here, not copied: the page's own script and stylesheet. */
const OWN: Record<string, { type: string; text: string }> = {
  'init.js': { type: 'text/javascript; charset=utf-8', text: API_DOCS_INIT_JS },
  'page.css': { type: 'text/css; charset=utf-8', text: API_DOCS_PAGE_CSS },
};

export interface ApiDocsServerDeps {
  tickets: ApiDocsTickets;
  /** The generated document (openApiDocument.ts), built once. */
  document(): OpenApiDocument;
  /** A folder holding SWAGGER_UI_FILES: dist/swagger-ui when packaged, else the installed package. */
  swaggerUiDir: string;
}

export class ApiDocsServer implements RawRoutes {
  constructor(private readonly d: ApiDocsServerDeps) {}

  owns(pathname: string): boolean {
    return pathname === API_DOCS_PAGE_PATH || pathname.startsWith(`${API_DOCS_PAGE_PATH}/`);
  }

  async request(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new SwitchboardError('method_not_allowed', 'use GET on this path', undefined, { allow: 'GET' });
    if (pathname === API_DOCS_PAGE_PATH) return this.page(req, res, query);
    if (pathname.startsWith(ASSETS_PREFIX)) return this.asset(req, res, pathname.slice(ASSETS_PREFIX.length));
    throw new SwitchboardError('not_found', `no API docs resource at ${pathname}`);
  }

  upgrade(): void {
    throw new SwitchboardError('not_found', 'the API docs have no WebSocket endpoint');
  }

  private page(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (!this.d.tickets.check(query.get('ticket'))) {
      throw new SwitchboardError('unauthorized', 'missing, unknown or expired API docs ticket; for a new URL run `switchboard api-docs`, "Switchboard: Open API Docs" in VS Code, or POST /api/v1/api-docs/ticket');
    }
    // The Host header was checked to be a loopback name before this route ran.
    const body = apiDocsPageHtml(this.d.document(), `http://${req.headers.host ?? '127.0.0.1'}`);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': API_DOCS_CSP,
      'cache-control': 'no-store',
      // The ticket is in the URL: never hand it on.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private asset(req: IncomingMessage, res: ServerResponse, name: string): void {
    const own = OWN[name];
    const type = own?.type ?? SERVED[name];
    // Only names from the two lists: no path from the request reaches the file system.
    if (type === undefined) throw new SwitchboardError('not_found', `no API docs asset ${name}`);
    const headers = { 'content-type': type, 'cache-control': 'max-age=3600', 'x-content-type-options': 'nosniff' };
    if (own) {
      res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(own.text) });
      res.end(req.method === 'HEAD' ? undefined : own.text);
      return;
    }
    const file = path.join(this.d.swaggerUiDir, name);
    if (!fs.existsSync(file)) throw new SwitchboardError('not_found', `swagger-ui-dist's ${name} is missing beside the daemon; rebuild (node esbuild.mjs)`);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  }
}
