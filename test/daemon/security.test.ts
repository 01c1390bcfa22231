// The daemon's boundary: token, Host, body size, validation, confinement of agents.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('security boundary', function () {
  let daemon: DaemonProcess;
  let repo: string;
  let auth: Record<string, string>;
  before(async function () {
    daemon = await DaemonProcess.start();
    repo = makeRepo();
    await daemon.client.api.addProject({ body: { path: repo, slug: 'sec' } });
    auth = { authorization: `Bearer ${daemon.discovery.token}`, 'content-type': 'application/json' };
  });
  after(async () => daemon?.stop());

  it('answers 401 without the token and 403 for a non-loopback Host', async function () {
    assert.equal((await raw(daemon.discovery.port, { path: '/api/v1/health' })).status, 401);
    assert.equal((await raw(daemon.discovery.port, { path: '/api/v1/health', headers: { ...auth, host: 'evil.example:80' } })).status, 403);
    assert.equal((await raw(daemon.discovery.port, { path: '/api/v1/health', headers: auth })).status, 200);
  });

  it('keeps daemon.json 0600 in a 0700 dir', function () {
    assert.equal(fs.statSync(path.join(daemon.home, 'daemon.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(daemon.home).mode & 0o777, 0o700);
  });

  it('answers 413 for an oversized body, 400 naming the field for malformed ones, 404 for unknown ids', async function () {
    const big = JSON.stringify({ project: 'sec', agent: 'demo', action: 'implement', prompt: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal((await raw(daemon.discovery.port, { method: 'POST', path: '/api/v1/sessions', headers: auth, body: big })).status, 413);
    const cases: Array<[unknown, string]> = [
      [{ project: 'sec', agent: 'demo', action: 'implement' }, 'prompt'],
      [{ project: 'sec', agent: 'demo', action: 'destroy', prompt: 'x' }, 'action'],
      [{ project: 'sec', agent: 'demo', action: 'implement', prompt: 'x', permissionPolicy: 'yolo' }, 'permissionPolicy'],
      [{ project: 'sec', action: 'implement', prompt: 'x' }, 'agent'],
      [{ project: 42, agent: 'demo', action: 'implement', prompt: 'x' }, 'project'],
    ];
    for (const [body, field] of cases) {
      const res = await raw(daemon.discovery.port, { method: 'POST', path: '/api/v1/sessions', headers: auth, body: JSON.stringify(body) });
      assert.equal(res.status, 400, res.body);
      assert.equal(JSON.parse(res.body).error.field, field, res.body);
    }
    assert.equal((await raw(daemon.discovery.port, { method: 'POST', path: '/api/v1/sessions', headers: auth, body: '{nope' })).status, 400);
    const missing = await raw(daemon.discovery.port, { path: '/api/v1/sessions/does-not-exist', headers: auth });
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.body).error.code, 'not_found');
    const notRepo = await raw(daemon.discovery.port, { method: 'POST', path: '/api/v1/projects', headers: auth, body: JSON.stringify({ path: fs.mkdtempSync('/tmp/sb-notrepo-') }) });
    assert.equal(notRepo.status, 400);
    assert.equal(JSON.parse(notRepo.body).error.field, 'path');
  });

  it('refuses and records the demo agent writing outside its worktree', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'sec', agent: 'demo', action: 'implement', prompt: 'escape', permissionPolicy: 'allow-all' } });
    await daemon.waitForState(session.id, ['completed', 'failed']);
    const refused = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'file.refused' } })).events;
    assert.equal(refused.length, 1);
    assert.ok(!fs.existsSync(path.join(path.dirname(session.worktreePath!), 'escaped-by-demo-agent.txt')));
  });

  it('an analyze session runs read-only in the checkout and cannot write', async function () {
    const { session } = await daemon.client.api.createSession({ body: { project: 'sec', agent: 'demo', action: 'analyze', prompt: 'write analyze.txt nope', permissionPolicy: 'allow-all' } });
    assert.equal(session.worktreePath, null);
    assert.equal(session.cwd, repo);
    await daemon.waitForState(session.id, ['completed', 'failed']);
    const refused = (await daemon.client.api.listEvents({ query: { session: session.id, type: 'file.refused' } })).events;
    assert.equal(refused.length, 1);
    assert.ok(!fs.existsSync(path.join(repo, 'analyze.txt')));
  });

  it('names the npm package when a template command is not installed', async function () {
    await daemon.client.api.addAgent({ body: { name: 'ghost', command: 'definitely-not-installed-acp', npmPackage: '@example/ghost-acp' } });
    await assert.rejects(
      daemon.client.api.createSession({ body: { project: 'sec', agent: 'ghost', action: 'implement', prompt: 'x' } }),
      (e: { code?: string; message: string; field?: string }) => e.code === 'agent_not_installed' && /@example\/ghost-acp/.test(e.message) && e.field === 'agent',
    );
  });
});

describe('secrets', function () {
  it('a template env API key never reaches logs or events', async function () {
    const secret = 'sk-test-0123456789abcdefSECRET';
    const daemon = await DaemonProcess.start();
    try {
      await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'keys' } });
      // An "agent" that prints its key to stderr and exits, as chatty agents do.
      await daemon.client.api.addAgent({
        body: { name: 'leaky', command: process.execPath, args: ['-e', 'console.error("my key is " + process.env.LEAKY_API_KEY); process.exit(2)'], env: { LEAKY_API_KEY: secret } },
      });
      const agents = (await daemon.client.api.listAgents()).agents;
      assert.equal(agents.find((a) => a.name === 'leaky')?.spawn.env.LEAKY_API_KEY, '***');
      const { session } = await daemon.client.api.createSession({ body: { project: 'keys', agent: 'leaky', action: 'implement', prompt: 'x' } });
      await daemon.waitForState(session.id, ['failed']);
      await daemon.stop();
      const files = [path.join(daemon.home, 'logs', 'daemon.log'), ...fs.readdirSync(path.join(daemon.home, 'logs', 'sessions')).map((f) => path.join(daemon.home, 'logs', 'sessions', f))];
      const sessionLog = fs.readFileSync(files[1]!, 'utf8');
      assert.match(sessionLog, /my key is \*\*\*/);
      for (const f of files) assert.ok(!fs.readFileSync(f, 'utf8').includes(secret), `${path.basename(f)} holds no secret`);
      const db = fs.readFileSync(path.join(daemon.home, 'state.db'));
      const wal = fs.existsSync(path.join(daemon.home, 'state.db-wal')) ? fs.readFileSync(path.join(daemon.home, 'state.db-wal')) : Buffer.alloc(0);
      // The key is stored in the template row (it must be, to launch the agent) but in no event.
      const restarted = await DaemonProcess.start({ home: daemon.home });
      const events = (await restarted.client.api.listEvents({ query: { limit: 10_000 } })).events;
      assert.ok(!JSON.stringify(events).includes(secret), 'no event holds the key');
      await restarted.stop();
      assert.ok(db.length + wal.length > 0);
    } finally {
      await daemon.stop();
    }
  });
});

describe('secrets handed over at run time', function () {
  it('reach the agent, are redacted, never touch the disk, and are gone after a daemon restart', async function () {
    const secret = 'sk-memory-only-0123456789abcdef';
    const daemon = await DaemonProcess.start();
    let home = '';
    try {
      home = daemon.home;
      await daemon.client.api.addProject({ body: { path: makeRepo(), slug: 'mem' } });
      await daemon.client.api.addAgent({ body: { name: 'probe', command: process.execPath, args: ['-e', 'console.error("key=" + process.env.PROBE_API_KEY); process.exit(2)'] } });
      const held = await daemon.client.api.setAgentSecrets({ params: { name: 'probe' }, body: { env: { PROBE_API_KEY: secret } } });
      assert.deepEqual(held, { agent: 'probe', keys: ['PROBE_API_KEY'] });
      const { session } = await daemon.client.api.createSession({ body: { project: 'mem', agent: 'probe', action: 'implement', prompt: 'x' } });
      await daemon.waitForState(session.id, ['failed']);
      const { lines } = await daemon.client.api.logTail({ params: { id: session.id }, query: { lines: 50 } });
      assert.ok(lines.some((l) => l.includes('key=***')), 'the agent got the key; the log shows it redacted');
    } finally {
      await daemon.stop();
    }
    for (const f of ['state.db', 'state.db-wal']) {
      const file = path.join(home, f);
      if (fs.existsSync(file)) assert.ok(!fs.readFileSync(file).includes(secret), `${f} holds no secret`);
    }
    const again = await DaemonProcess.start({ home });
    try {
      const { session } = await again.client.api.createSession({ body: { project: 'mem', agent: 'probe', action: 'implement', prompt: 'x' } });
      await again.waitForState(session.id, ['failed']);
      const { lines } = await again.client.api.logTail({ params: { id: session.id }, query: { lines: 50 } });
      assert.ok(lines.some((l) => l.includes('key=undefined')), 'memory-only: a restarted daemon no longer has it');
    } finally {
      await again.stop();
    }
  });
});
