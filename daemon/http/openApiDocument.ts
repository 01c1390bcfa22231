// The OpenAPI 3.1 document of the API, generated from the route table (ROUTES) with
// @asteasolutions/zod-to-openapi: every descriptor becomes one operation, its params, query, body
// and response schemas become the operation's, and nothing is written by hand, so the document
// cannot drift from what the server validates. What the descriptors do not carry is derived:
//   - `:name` path placeholders become `{name}`; the operation id is the route's name;
//   - a schema exported by a protocol module (`SessionSchema`, …) becomes a named component
//     (`Session`) wherever a route uses that very schema object;
//   - errors use the one error shape (daemon/protocol/errors.ts) with the codes of ERROR_STATUS;
//   - examples come from daemon/protocol/openApiExamples.ts (checked against their schemas).
// The streams (WS, SSE) and the raw pages (desktop, proxy, these docs) are not JSON routes and
// are not in the document; docs/api.md describes them.
import { OpenAPIRegistry, OpenApiGeneratorV31, zodToOpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as agentFeatureRoutes from '../protocol/agentFeatureRoutes.js';
import * as containerEntities from '../protocol/containerEntities.js';
import * as containerRoutes from '../protocol/containerRoutes.js';
import * as elicitationEntities from '../protocol/elicitationEntities.js';
import * as entities from '../protocol/entities.js';
import { ERROR_CODES, ERROR_STATUS, ErrorBodySchema, SwitchboardError, type ErrorCode } from '../protocol/errors.js';
import { AnyEventSchema } from '../protocol/events.js';
import * as fleetEntities from '../protocol/fleetEntities.js';
import * as fleetRoutes from '../protocol/fleetRoutes.js';
import * as mcpEntities from '../protocol/mcpEntities.js';
import { OPENAPI_EXAMPLES } from '../protocol/openApiExamples.js';
import * as openApiRoutes from '../protocol/openApiRoutes.js';
import { OpenApiDocumentSchema, type OpenApiDocument } from '../protocol/openApiRoutes.js';
import * as projectConfig from '../protocol/projectConfig.js';
import * as reviewEntities from '../protocol/reviewEntities.js';
import * as reviewRoutes from '../protocol/reviewRoutes.js';
import { API_PREFIX, MAX_BODY_BYTES, ROUTES, type RouteDescriptor, type RouteName } from '../protocol/routes.js';
import * as routes from '../protocol/routes.js';
import * as settingsEntities from '../protocol/settingsEntities.js';
import * as usageEntities from '../protocol/usageEntities.js';

const OPENAPI_VERSION = '3.1.0';
const BEARER_SCHEME = 'bearerAuth';

/** The modules whose exported `…Schema`s become named components. */
const SCHEMA_MODULES: ReadonlyArray<Record<string, unknown>> = [
  entities,
  reviewEntities,
  containerEntities,
  fleetEntities,
  settingsEntities,
  usageEntities,
  mcpEntities,
  elicitationEntities,
  projectConfig,
  routes,
  reviewRoutes,
  agentFeatureRoutes,
  fleetRoutes,
  containerRoutes,
  openApiRoutes,
  { AnyEventSchema },
];

/** Operations grouped by feature (the route file they come from); the rest by their first path segment. */
const FEATURE_TAGS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['review', reviewRoutes.REVIEW_ROUTES],
  ['agent features', agentFeatureRoutes.AGENT_FEATURE_ROUTES],
  ['fleet', fleetRoutes.FLEET_ROUTES],
  ['containers', containerRoutes.CONTAINER_ROUTES],
  ['api docs', openApiRoutes.OPENAPI_ROUTES],
];

/** `/api/v1/sessions/:id/permissions/:requestId` → `/api/v1/sessions/{id}/permissions/{requestId}`. */
function openApiPath(path: string): string {
  return path.replace(/:([a-zA-Z]+)/g, '{$1}');
}

/** `listSessions` → `List sessions`. */
function summaryOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function tagOf(name: RouteName): string {
  const feature = FEATURE_TAGS.find(([, group]) => name in group);
  if (feature) return feature[0];
  return ROUTES[name].path.slice(API_PREFIX.length + 1).split('/')[0] ?? 'api';
}

/**
 * Names every exported schema of the protocol modules (`SessionSchema` → `Session`) in
 * zod-to-openapi's own registry, so the generator writes a `$ref` wherever a route uses that
 * object, and attaches the checked examples. zod's global registry is left alone: other code
 * (MCP tool schemas) turns zod into JSON Schema through it and must not see these names.
 * Idempotent: the same names are set again on a second call.
 */
function nameComponents(): void {
  const names = new Map<z.ZodType, string>();
  const taken = new Map<string, z.ZodType>();
  for (const mod of SCHEMA_MODULES) {
    for (const [exported, value] of Object.entries(mod)) {
      if (!(value instanceof z.ZodType) || !exported.endsWith('Schema') || names.has(value)) continue;
      const name = exported.slice(0, -'Schema'.length);
      if (taken.has(name) && taken.get(name) !== value) throw new Error(`two protocol schemas are both named ${name}; rename one`);
      names.set(value, name);
      taken.set(name, value);
    }
  }
  const examples = new Map(OPENAPI_EXAMPLES.map((e) => [e.schema, e.value]));
  for (const [schema, name] of names) nameSchema(schema, name, examples.get(schema));
}

function nameSchema(schema: z.ZodType, name: string, example?: unknown): void {
  zodToOpenAPIRegistry.add(schema, { _internal: { refId: name }, ...(example !== undefined ? { examples: [example] } : {}) });
}

/** The error body as documented: the shape of ErrorBodySchema with `code` spelled out. */
const ErrorSchema = ErrorBodySchema.extend({
  error: ErrorBodySchema.shape.error.extend({ code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]) }),
});

function codesWithStatus(status: number): ErrorCode[] {
  return ERROR_CODES.filter((c) => ERROR_STATUS[c] === status);
}

/** One shared response per status every route may answer, plus `default` for the other codes. */
function registerErrorResponses(registry: OpenAPIRegistry): Record<'invalid' | 'unauthorized' | 'forbidden' | 'tooLarge' | 'other', { $ref: string }> {
  nameSchema(ErrorSchema, 'Error');
  const response = (name: string, description: string, sample: SwitchboardError) =>
    registry.registerComponent('responses', name, {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: sample.toBody() } },
    }).ref;
  const others = ERROR_CODES.filter((c) => ![400, 401, 403, 413].includes(ERROR_STATUS[c]))
    .map((c) => `\`${c}\` ${ERROR_STATUS[c]}`)
    .join(', ');
  return {
    invalid: response(
      'InvalidRequest',
      `The params, query or body failed the route's schema (\`field\` names the first field at fault), or the request was refused as it stands: ${codesWithStatus(400).map((c) => `\`${c}\``).join(', ')}.`,
      new SwitchboardError('invalid_request', 'prompt: must not be empty', 'prompt'),
    ),
    unauthorized: response('Unauthorized', 'No `Authorization: Bearer <token>` header, or the wrong token (`unauthorized`).', new SwitchboardError('unauthorized', 'missing or wrong bearer token (see daemon.json)')),
    forbidden: response('Forbidden', 'The `Host` header does not name a loopback address (`forbidden`): the DNS-rebinding guard.', new SwitchboardError('forbidden', 'the Host header must name a loopback address')),
    tooLarge: response('PayloadTooLarge', 'The JSON body is larger than 1 MiB (`payload_too_large`).', new SwitchboardError('payload_too_large', `the request body exceeds ${MAX_BODY_BYTES} bytes`, undefined, { maxBytes: MAX_BODY_BYTES })),
    other: response(
      'OtherError',
      `Any other refusal, in the same shape; its status follows from its code: ${others}.`,
      new SwitchboardError('illegal_transition', 'cannot send a follow-up to a session that is archived', undefined, { state: 'archived' }),
    ),
  };
}

/** The body a route takes, or null when it takes none (`undefined` or `{}` only). */
function presentBody(schema: z.ZodType): z.ZodType | null {
  if (schema instanceof z.ZodOptional) return presentBody(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodUndefined) return null;
  if (schema instanceof z.ZodUnion) {
    const rest = (schema.options as z.ZodType[]).filter((o) => !(o instanceof z.ZodUndefined));
    return rest.length === 1 && rest[0] ? presentBody(rest[0]) : schema;
  }
  if (schema instanceof z.ZodObject && Object.keys(schema.shape).length === 0) return null;
  return schema;
}

/** Params and query are objects of fields (route() makes them so); an object with none is left out. */
function fieldsOf(schema: z.ZodType): z.ZodObject | undefined {
  if (!(schema instanceof z.ZodObject)) throw new Error('route params and query must be zod objects');
  return Object.keys(schema.shape).length === 0 ? undefined : schema;
}

function operationOf(name: RouteName, r: RouteDescriptor, errors: ReturnType<typeof registerErrorResponses>): RouteConfig {
  const body = presentBody(r.body);
  const params = fieldsOf(r.params);
  const query = fieldsOf(r.query);
  const takesInput = body !== null || params !== undefined || query !== undefined;
  return {
    method: r.method.toLowerCase() as RouteConfig['method'],
    path: openApiPath(r.path),
    operationId: name,
    summary: summaryOf(name),
    tags: [tagOf(name)],
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(body ? { body: { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: body } } } } : {}),
    },
    responses: {
      200: { description: 'Done.', content: { [r.contentType ?? 'application/json']: { schema: r.response } } },
      ...(takesInput ? { 400: errors.invalid } : {}),
      401: errors.unauthorized,
      403: errors.forbidden,
      ...(body ? { 413: errors.tooLarge } : {}),
      default: errors.other,
    },
  };
}

const DESCRIPTION = [
  "Agent Switchboard's local daemon API, generated from its route table (`daemon/protocol/routes.ts`).",
  '',
  '- The daemon listens on `127.0.0.1` only; its port and token are in `$SWITCHBOARD_HOME/daemon.json`.',
  '- Every request needs `Authorization: Bearer <token>` and a loopback `Host` header.',
  '- Bodies are JSON (at most 1 MiB). Errors are always `{"error": {"code", "message", "field"?, "details"?}}`.',
  '- Sessions are addressed by id or by their 8-character `shortId` (or a unique prefix); projects by id or slug.',
  '- The event streams (`GET /api/v1/stream` over WebSocket, `GET /api/v1/stream/events` as SSE), the desktop and the port proxy are described in `docs/api.md`.',
].join('\n');

/** The whole document; `version` is the daemon's. */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  nameComponents();
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'The `token` of `$SWITCHBOARD_HOME/daemon.json` (a new one at every daemon start).',
  });
  const errors = registerErrorResponses(registry);
  for (const name of Object.keys(ROUTES) as RouteName[]) registry.registerPath(operationOf(name, ROUTES[name], errors));
  // The error schema is a definition of its own: the error responses only `$ref` it.
  const document = new OpenApiGeneratorV31([...registry.definitions, { type: 'schema', schema: ErrorSchema }]).generateDocument({
    openapi: OPENAPI_VERSION,
    info: { title: 'Agent Switchboard daemon API', version, description: DESCRIPTION },
    security: [{ [BEARER_SCHEME]: [] }],
    tags: [...new Set((Object.keys(ROUTES) as RouteName[]).map(tagOf))].map((name) => ({ name })),
  });
  return OpenApiDocumentSchema.parse(document);
}

/** The document, built on first use and kept: the routes cannot change while the daemon runs. */
export function openApiDocumentOnce(version: string): () => OpenApiDocument {
  let document: OpenApiDocument | null = null;
  return () => (document ??= buildOpenApiDocument(version));
}
