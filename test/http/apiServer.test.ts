import assert from 'node:assert/strict';
import http from 'node:http';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { ROUTES, type RouteBody } from '../../daemon/protocol/routes.js';
import { errorOf, httpRequest, startHarness, type Harness } from './harness.js';
import { sampleHealth, sampleSession } from './fixtures.js';

const HEALTH = ROUTES.health.path;
const SESSIONS = ROUTES.createSession.path;

const validSession = { project: 'demo', agent: 'demo', action: 'analyze', prompt: 'explain the build' };

describe('API server request pipeline', () => {
  let h: Harness;
  const created: Array<RouteBody<'createSession'>> = [];

  before(async () => {
    h = await startHarness({
      maxBodyBytes: 64 * 1024,
      handlers: {
        health: () => sampleHealth(),
        createSession: ({ body }) => {
          created.push(body);
          return { session: sampleSession({ prompt: body.prompt }) };
        },
        getSession: ({ params }) => {
          throw new SwitchboardError('not_found', `no session ${params.id}`);
        },
        stopSession: () => {
          throw new Error('database exploded at /secret/internal/path');
        },
        listProjects: () => ({ projects: [{ id: 1 }] }) as never,
        archiveSession: ({ params }) => ({ session: sampleSession({ id: params.id, state: 'archived' }) }),
      },
    });
  });
  after(() => h.close());

  describe('authentication and Host guard', () => {
    it('answers 401 without a token', async () => {
      const r = await httpRequest(h.port, { path: HEALTH, token: null });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r).code, 'unauthorized');
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    });

    it('answers 401 with a wrong token', async () => {
      const r = await httpRequest(h.port, { path: HEALTH, token: `${h.token.slice(0, -1)}x` });
      assert.equal(r.status, 401);
      assert.equal(errorOf(r).code, 'unauthorized');
    });

    it('answers 401 when the scheme is not Bearer', async () => {
      const r = await httpRequest(h.port, { path: HEALTH, token: null, headers: { authorization: `Basic ${h.token}` } });
      assert.equal(r.status, 401);
    });

    it('answers 403 to a non-loopback Host even with the right token (DNS rebinding)', async () => {
      const r = await httpRequest(h.port, { path: HEALTH, token: h.token, host: 'evil.example' });
      assert.equal(r.status, 403);
      assert.equal(errorOf(r).code, 'forbidden');
      const withPort = await httpRequest(h.port, { path: HEALTH, token: h.token, host: `evil.example:${h.port}` });
      assert.equal(withPort.status, 403);
      const lookalike = await httpRequest(h.port, { path: HEALTH, token: h.token, host: '127.0.0.1.evil.example' });
      assert.equal(lookalike.status, 403);
    });

    it('accepts every loopback name, with and without a port', async () => {
      for (const host of ['127.0.0.1', `127.0.0.1:${h.port}`, 'localhost', `LOCALHOST:${h.port}`, `[::1]:${h.port}`, '[::1]']) {
        const r = await httpRequest(h.port, { path: HEALTH, token: h.token, host });
        assert.equal(r.status, 200, host);
      }
    });

    it('serves health with the token', async () => {
      const r = await httpRequest(h.port, { path: HEALTH, token: h.token });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, sampleHealth());
      assert.match(String(r.headers['content-type']), /^application\/json/);
    });

    it('never sends CORS headers, not even to a preflight', async () => {
      const origin = { origin: 'https://evil.example' };
      const get = await httpRequest(h.port, { path: HEALTH, token: h.token, headers: origin });
      const preflight = await httpRequest(h.port, {
        method: 'OPTIONS',
        path: HEALTH,
        token: null,
        headers: { ...origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      assert.notEqual(Math.floor(preflight.status / 100), 2);
      for (const r of [get, preflight]) {
        assert.deepEqual(Object.keys(r.headers).filter((k) => k.startsWith('access-control-')), []);
      }
    });
  });

  describe('routing', () => {
    it('answers 404 not_found for an unknown path', async () => {
      const r = await httpRequest(h.port, { path: '/api/v1/nope', token: h.token });
      assert.equal(r.status, 404);
      assert.equal(errorOf(r).code, 'not_found');
    });

    it('answers 405 with Allow for a known path and the wrong method', async () => {
      const r = await httpRequest(h.port, { method: 'PUT', path: SESSIONS, token: h.token });
      assert.equal(r.status, 405);
      assert.equal(errorOf(r).code, 'method_not_allowed');
      assert.deepEqual(String(r.headers.allow).split(', ').sort(), ['GET', 'POST']);
    });

    it('decodes path parameters before the handler sees them', async () => {
      const r = await httpRequest(h.port, { method: 'POST', path: '/api/v1/sessions/a%20b/archive', token: h.token });
      assert.equal(r.status, 200);
      assert.equal((r.json as { session: { id: string } }).session.id, 'a b');
    });

    it('does not treat a // path as another host', async () => {
      const r = await httpRequest(h.port, { path: `//evil.example${HEALTH}`, token: h.token });
      assert.equal(r.status, 404);
    });
  });

  describe('request bodies', () => {
    it('passes a valid body to the handler with defaults applied', async () => {
      const r = await httpRequest(h.port, {
        method: 'POST',
        path: SESSIONS,
        token: h.token,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ ...validSession, spawn: { command: 'agent' } }),
      });
      assert.equal(r.status, 200);
      assert.equal((r.json as { session: { prompt: string } }).session.prompt, validSession.prompt);
      assert.deepEqual(created.at(-1)?.spawn, { command: 'agent', args: [], env: {} });
    });

    it('answers 413 payload_too_large for a body over the cap', async () => {
      const big = JSON.stringify({ ...validSession, prompt: 'x'.repeat(200 * 1024) });
      const r = await httpRequest(h.port, {
        method: 'POST',
        path: SESSIONS,
        token: h.token,
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      assert.equal(r.status, 413);
      assert.equal(errorOf(r).code, 'payload_too_large');
    });

    it('answers 413 for an oversized chunked body that declares no length', async () => {
      const big = JSON.stringify({ ...validSession, prompt: 'x'.repeat(200 * 1024) });
      const r = await httpRequest(h.port, {
        method: 'POST',
        path: SESSIONS,
        token: h.token,
        headers: { 'content-type': 'application/json' },
        body: big,
        chunkSize: 16 * 1024,
      });
      assert.equal(r.status, 413);
      assert.equal(errorOf(r).code, 'payload_too_large');
    });

    it('answers 400 invalid_request for invalid JSON', async () => {
      const r = await httpRequest(h.port, {
        method: 'POST',
        path: SESSIONS,
        token: h.token,
        headers: { 'content-type': 'application/json' },
        body: '{"project": "demo",',
      });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).code, 'invalid_request');
      assert.match(errorOf(r).message, /JSON/);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const r = await httpRequest(h.port, {
        method: 'POST',
        path: SESSIONS,
        token: h.token,
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(validSession),
      });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).code, 'invalid_request');
    });

    const malformed: Array<[string, Record<string, unknown>, string]> = [
      ['a missing prompt', { project: 'demo', agent: 'demo', action: 'analyze' }, 'prompt'],
      ['an empty prompt', { ...validSession, prompt: '   ' }, 'prompt'],
      ['an unknown action', { ...validSession, action: 'destroy' }, 'action'],
      ['neither agent nor spawn', { project: 'demo', action: 'plan', prompt: 'p' }, 'agent'],
      ['a spawn without command', { ...validSession, spawn: { args: [] } }, 'spawn.command'],
      ['a wrongly typed permission policy', { ...validSession, permissionPolicy: 'yolo' }, 'permissionPolicy'],
    ];
    for (const [what, body, field] of malformed) {
      it(`names the field for ${what} (${field})`, async () => {
        const r = await httpRequest(h.port, {
          method: 'POST',
          path: SESSIONS,
          token: h.token,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(r.status, 400);
        assert.equal(errorOf(r).code, 'invalid_request');
        assert.equal(errorOf(r).field, field);
      });
    }

    it('answers 400 for a POST that needs a body and has none', async () => {
      const r = await httpRequest(h.port, { method: 'POST', path: SESSIONS, token: h.token });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).code, 'invalid_request');
    });

    it('validates the query string too, naming the parameter', async () => {
      const r = await httpRequest(h.port, { path: `${ROUTES.listSessions.path}?all=maybe`, token: h.token });
      assert.equal(r.status, 400);
      assert.equal(errorOf(r).field, 'all');
    });
  });

  describe('handler errors', () => {
    it('maps a thrown SwitchboardError to its status and body', async () => {
      const r = await httpRequest(h.port, { path: '/api/v1/sessions/ses_x', token: h.token });
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, { error: { code: 'not_found', message: 'no session ses_x' } });
    });

    it('answers a generic 500 for an unexpected error, leaking nothing', async () => {
      const r = await httpRequest(h.port, { method: 'POST', path: '/api/v1/sessions/s1/stop', token: h.token });
      assert.equal(r.status, 500);
      assert.equal(errorOf(r).code, 'internal');
      assert.doesNotMatch(r.text, /exploded|secret|at .*\(/);
    });

    it('refuses a handler answer that breaks the response schema (tests validate responses)', async () => {
      const r = await httpRequest(h.port, { path: ROUTES.listProjects.path, token: h.token });
      assert.equal(r.status, 500);
      assert.equal(errorOf(r).code, 'internal');
    });
  });
});

describe('API server lifecycle', () => {
  it('listens on 127.0.0.1 only and reports the ephemeral port', async () => {
    const h = await startHarness({ handlers: { health: () => sampleHealth() } });
    try {
      const addr = h.api.server.address();
      assert.ok(addr !== null && typeof addr === 'object');
      assert.equal(addr.address, '127.0.0.1');
      assert.equal(addr.port, h.port);
      assert.ok(h.port > 0);
    } finally {
      await h.close();
    }
  });

  it('closes even while a keep-alive connection is open', async () => {
    const h = await startHarness({ handlers: { health: () => sampleHealth() } });
    const agent = new http.Agent({ keepAlive: true });
    const r = await httpRequest(h.port, { path: HEALTH, token: h.token, agent });
    assert.equal(r.status, 200);
    assert.equal(r.headers.connection, 'keep-alive');
    await h.close();
    agent.destroy();
    await assert.rejects(httpRequest(h.port, { path: HEALTH, token: h.token }));
  });

  it('refuses a token too short to be secret', async () => {
    await assert.rejects(startHarness({ token: 'short' }), /too short/);
  });
});
