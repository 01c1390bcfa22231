// The typed client: how it builds requests from route descriptors, and how it turns every kind
// of answer — good, malformed, error body, no answer at all — into a value or a typed error.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DaemonResponseError,
  DaemonUnreachableError,
  SwitchboardClient,
  daemonBaseUrl,
} from '../../daemon/protocol/client.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real loopback server answering every request with what the test scripted. */
async function serve(answer: (seen: Seen) => { status: number; body: string; contentType?: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': a.contentType ?? 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(port), token: 'secret-token-123456' });
  return { seen, client, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const session = {
  id: 'ses 1/x',
  shortId: 's1',
  projectId: 'p1',
  agent: 'demo',
  action: 'implement',
  title: 't',
  prompt: 'p',
  model: null,
  scopePath: null,
  state: 'running',
  stateReason: null,
  stateDetail: null,
  permissionPolicy: 'ask',
  readOnly: false,
  cwd: '/w',
  worktreePath: '/w',
  branch: 'b',
  baseRef: 'main',
  baseCommit: 'abc',
  acpSessionId: null,
  runtimeHandle: null,
  agentCapabilities: null,
  authMethods: [],
  exitCode: null,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  endedAt: null,
};

describe('typed client', () => {
  it('sends the bearer token, builds the path from the route and returns the validated answer', async () => {
    const s = await serve(() => ({ status: 200, body: JSON.stringify({ status: 'ok', version: '1', pid: 7, uptimeMs: 3, sessions: {}, lastSeq: 0 }) }));
    try {
      const h = await s.client.api.health();
      assert.equal(h.pid, 7);
      assert.equal(s.seen[0]?.method, 'GET');
      assert.equal(s.seen[0]?.url, '/api/v1/health');
      assert.equal(s.seen[0]?.headers.authorization, 'Bearer secret-token-123456');
      assert.equal(s.seen[0]?.body, '');
    } finally {
      await s.close();
    }
  });

  it('encodes path parameters, skips undefined query values and sends JSON bodies', async () => {
    const s = await serve((seen) =>
      seen.method === 'DELETE'
        ? {
            status: 200,
            body: JSON.stringify({
              deleted: {
                sessionId: 'ses 1/x',
                worktreePath: null,
                worktreeExists: false,
                branch: null,
                branchExists: false,
                uncommittedFiles: [],
                artifacts: [],
                logFiles: [],
                eventCount: 0,
              },
              branchDeleted: false,
            }),
          }
        : { status: 200, body: JSON.stringify({ session, turn: { id: 't', sessionId: 'ses 1/x', index: 1, prompt: 'more', state: 'queued', stopReason: null, error: null, createdAt: 'x', startedAt: null, endedAt: null } }) },
    );
    try {
      await s.client.call('deleteSession', { params: { id: 'ses 1/x' }, query: { deleteBranch: undefined } });
      assert.equal(s.seen[0]?.url, '/api/v1/sessions/ses%201%2Fx');
      await s.client.call('deleteSession', { params: { id: 'a' }, query: { deleteBranch: 'true' } });
      assert.equal(s.seen[1]?.url, '/api/v1/sessions/a?deleteBranch=true');
      const r = await s.client.api.followup({ params: { id: 'a' }, body: { text: 'more' } });
      assert.equal(r.turn.index, 1);
      assert.equal(s.seen[2]?.method, 'POST');
      assert.equal(s.seen[2]?.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(s.seen[2]?.body ?? ''), { text: 'more' });
    } finally {
      await s.close();
    }
  });

  it('turns an error body into a SwitchboardError with its code, field, details and HTTP status', async () => {
    const s = await serve(() => ({
      status: 400,
      body: JSON.stringify({ error: { code: 'invalid_request', message: 'prompt: must not be empty', field: 'prompt', details: { max: 3 } } }),
    }));
    try {
      await assert.rejects(
        s.client.api.createSession({ body: { project: 'p', agent: 'demo', action: 'implement', prompt: ' ' } }),
        (err: unknown) => {
          assert.ok(SwitchboardError.is(err, 'invalid_request'));
          assert.ok(err instanceof DaemonResponseError);
          assert.equal(err.message, 'prompt: must not be empty');
          assert.equal(err.field, 'prompt');
          assert.deepEqual(err.details, { max: 3 });
          assert.equal(err.status, 400);
          return true;
        },
      );
    } finally {
      await s.close();
    }
  });

  it('keeps the HTTP status and the original code of an error code it does not know', async () => {
    const s = await serve(() => ({ status: 409, body: JSON.stringify({ error: { code: 'brand_new_code', message: 'nope' } }) }));
    try {
      await assert.rejects(s.client.api.stopSession({ params: { id: 'x' } }), (err: unknown) => {
        assert.ok(err instanceof SwitchboardError);
        assert.equal(err.code, 'conflict');
        assert.equal(err.status, 409);
        assert.equal(err.details?.['remoteCode'], 'brand_new_code');
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it('maps an error answer without an error body by its status', async () => {
    const s = await serve(() => ({ status: 404, body: 'Not Found', contentType: 'text/plain' }));
    try {
      await assert.rejects(s.client.api.getSession({ params: { id: 'x' } }), (err: unknown) => {
        assert.ok(SwitchboardError.is(err, 'not_found'));
        assert.match(err.message, /HTTP 404: Not Found/);
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it('refuses an answer that does not match the route schema', async () => {
    const s = await serve(() => ({ status: 200, body: JSON.stringify({ status: 'ok', version: 1 }) }));
    try {
      await assert.rejects(s.client.api.health(), (err: unknown) => {
        assert.ok(SwitchboardError.is(err, 'internal'));
        assert.match(err.message, /does not match the protocol/);
        assert.equal(err.field, 'version');
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it('refuses an answer that is not JSON', async () => {
    const s = await serve(() => ({ status: 200, body: '<html>', contentType: 'text/html' }));
    try {
      await assert.rejects(s.client.api.health(), /not JSON/);
    } finally {
      await s.close();
    }
  });

  it('reports a daemon that does not listen as unavailable, naming the address', async () => {
    const s = await serve(() => ({ status: 200, body: '{}' }));
    const port = Number(new URL(s.client.baseUrl).port);
    await s.close();
    const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(port), token: 't'.repeat(16) });
    await assert.rejects(client.api.health(), (err: unknown) => {
      assert.ok(err instanceof DaemonUnreachableError);
      assert.ok(SwitchboardError.is(err, 'unavailable'));
      assert.match(err.message, new RegExp(`daemon not reachable at http://127\\.0\\.0\\.1:${port}`));
      return true;
    });
  });

  it('gives up on a daemon that does not answer within the timeout', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const client = new SwitchboardClient({ baseUrl: daemonBaseUrl(port), token: 't'.repeat(16), timeoutMs: 100 });
      await assert.rejects(client.api.health(), (err: unknown) => {
        assert.ok(SwitchboardError.is(err, 'unavailable'));
        assert.match(err.message, /did not answer within 100 ms/);
        return true;
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const client = new SwitchboardClient({
      baseUrl: 'http://127.0.0.1:1/',
      token: 't'.repeat(16),
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ projects: [] }), { status: 200 });
      },
    });
    assert.deepEqual(await client.api.listProjects(), { projects: [] });
    assert.deepEqual(calls, ['http://127.0.0.1:1/api/v1/projects']);
  });
});
