// The OpenAPI document the real daemon serves at GET /api/v1/openapi.json: authenticated like every
// route, one operation per route of ROUTES (no more, no fewer), valid OpenAPI 3.1 by a maintained
// validator, its inputs, outputs, errors and examples taken from the protocol's own schemas.
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ERROR_CODES, ErrorBodySchema } from '../../daemon/protocol/errors.js';
import { OPENAPI_EXAMPLES } from '../../daemon/protocol/openApiExamples.js';
import type { OpenApiDocument } from '../../daemon/protocol/openApiRoutes.js';
import { ROUTES, type RouteName } from '../../daemon/protocol/routes.js';
import { DaemonProcess } from '../support/daemonHarness.js';
import { httpRequest } from './harness.js';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}
type Paths = Record<string, Record<string, Operation>>;

const METHODS = ['get', 'post', 'patch', 'delete', 'put'];

function operations(doc: OpenApiDocument): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths as Paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

describe('OpenAPI document of the API', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  let doc: OpenApiDocument;

  before(async () => {
    daemon = await DaemonProcess.start();
    doc = await daemon.client.api.openApi();
  });
  after(async () => {
    await daemon?.stop();
  });

  it('is served at GET /api/v1/openapi.json to the bearer token only, like every route', async () => {
    const port = daemon.discovery.port;
    const without = await httpRequest(port, { path: '/api/v1/openapi.json', token: null });
    assert.equal(without.status, 401);
    const wrong = await httpRequest(port, { path: '/api/v1/openapi.json', token: 'x'.repeat(40) });
    assert.equal(wrong.status, 401);
    const ok = await httpRequest(port, { path: '/api/v1/openapi.json', token: daemon.discovery.token });
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['content-type']), /^application\/json/);
    assert.deepEqual(ok.json, doc, 'the typed client hands back the whole document, nothing stripped');
  });

  it('lists every route of ROUTES exactly once, with its method, path and name', () => {
    const ops = operations(doc);
    const names = Object.keys(ROUTES) as RouteName[];
    assert.equal(ops.length, names.length, 'one operation per route');
    const documented = ops.map((o) => `${o.method} ${o.path} ${o.op.operationId}`).sort();
    const expected = names.map((n) => `${ROUTES[n].method} ${ROUTES[n].path.replace(/:([a-zA-Z]+)/g, '{$1}')} ${n}`).sort();
    assert.deepEqual(documented, expected);
    assert.ok(documented.includes('GET /api/v1/openapi.json openApi'), 'the document lists itself');
  });

  it('passes the OpenAPI 3.1 schema validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.deepEqual(result.errors ?? [], [], 'no validation errors');
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
  });

  it('takes path params, query and body from the descriptors', () => {
    for (const { path, op } of operations(doc)) {
      const route = ROUTES[op.operationId as RouteName];
      const pathParams = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]).sort();
      const documented = (op.parameters ?? []).filter((p) => p.in === 'path');
      assert.deepEqual(documented.map((p) => p.name).sort(), pathParams, `${path}: path params`);
      assert.ok(documented.every((p) => p.required), `${path}: path params are required`);
    }
    const create = (doc.paths as Paths)['/api/v1/sessions']!.post!;
    assert.equal(create.requestBody?.required, true);
    assert.equal(create.requestBody?.content['application/json']?.schema.$ref, '#/components/schemas/CreateSessionBody');
    const list = (doc.paths as Paths)['/api/v1/sessions']!.get!;
    assert.deepEqual(list.parameters?.map((p) => `${p.in}:${p.name}`).sort(), ['query:all', 'query:project', 'query:state']);
    assert.equal((doc.paths as Paths)['/api/v1/health']!.get!.requestBody, undefined, 'a route without a body documents none');
    const session = (doc.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas.Session!;
    assert.ok('shortId' in session.properties && 'state' in session.properties, 'the Session component is SessionSchema');
  });

  it('documents errors in the one error shape, and the bearer token as the security scheme', () => {
    const components = doc.components as {
      schemas: Record<string, { properties: { error: { properties: { code: { enum: string[] } } } } }>;
      responses: Record<string, { content: { 'application/json': { example: unknown } } }>;
      securitySchemes: Record<string, unknown>;
    };
    assert.deepEqual(components.schemas.Error!.properties.error.properties.code.enum, ERROR_CODES);
    for (const [name, response] of Object.entries(components.responses)) {
      assert.ok(ErrorBodySchema.safeParse(response.content['application/json'].example).success, `${name}'s example is an error body`);
    }
    for (const { path, op } of operations(doc)) {
      for (const status of ['401', '403', 'default']) assert.ok(op.responses[status]?.$ref, `${path}: ${status}`);
      assert.ok(op.responses['200']?.content, `${path}: 200 has content`);
    }
    assert.deepEqual(components.securitySchemes, {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'The `token` of `$SWITCHBOARD_HOME/daemon.json` (a new one at every daemon start).' },
    });
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
  });

  it('shows examples that parse with their own schemas, on the named components', () => {
    const schemas = (doc.components as { schemas: Record<string, { examples?: unknown[] }> }).schemas;
    for (const e of OPENAPI_EXAMPLES) {
      const parsed = e.schema.safeParse(e.value);
      assert.ok(parsed.success, `example does not parse: ${parsed.error?.message}`);
    }
    const withExamples = Object.entries(schemas).filter(([, s]) => s.examples !== undefined).map(([n]) => n).sort();
    assert.deepEqual(withExamples, ['AddProjectBody', 'CreateSessionBody', 'Health', 'Project', 'Session', 'Turn']);
    assert.equal((schemas.Session!.examples![0] as { shortId: string }).shortId, '9b2e7c41');
  });
});
