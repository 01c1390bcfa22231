// MCP servers through the daemon with the demo agent: the template's, the repository's `.mcp.json`
// and the project's own reach `session/new` (the demo's `mcp` control word says what it got), http
// servers wait for an agent that declares them, a broken `.mcp.json` is a warning, never a failed
// session, and the secrets in them stay out of the API, the events and the session log.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { McpServer } from '../../daemon/protocol/mcpEntities.js';
import { CliRunner } from '../support/cliRunner.js';
import { DaemonProcess, makeRepo } from '../support/daemonHarness.js';

const SECRET = 'mcp-secret-value-4711';
const HEADER_SECRET = 'Bearer header-secret-0815';
const TEMPLATE = 'demo-mcp';

const sha = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8);

interface LoggedEvent {
  type: string;
  payload: Record<string, unknown>;
}

describe('MCP servers for agents, through the daemon (demo agent)', function () {
  this.timeout(60_000);
  let daemon: DaemonProcess;
  const tempDirs: string[] = [];
  const api = () => daemon.client.api;

  /** PATCH with a raw body, so the daemon (not the typed client) judges it. */
  async function patchProject(slug: string, body: unknown): Promise<{ status: number; json: { error?: { field?: string }; project?: unknown } }> {
    const res = await fetch(`http://127.0.0.1:${daemon.discovery.port}/api/v1/projects/${slug}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${daemon.discovery.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as { error?: { field?: string } } };
  }

  /** Runs the `mcp` control word in a new session; answers the agent's words and the session id. */
  async function askMcp(project: string): Promise<{ reply: string; sessionId: string }> {
    const { session } = await api().createSession({ body: { project, agent: TEMPLATE, action: 'implement', prompt: 'mcp', permissionPolicy: 'allow-all' } });
    assert.equal(await daemon.waitForState(session.id, ['completed', 'failed']), 'completed');
    const chunks = (await api().listEvents({ query: { session: session.id, type: 'agent.message_chunk', limit: 1000 } })).events as LoggedEvent[];
    return { reply: chunks.map((e) => String(e.payload.text)).join(''), sessionId: session.id };
  }

  async function logMessages(sessionId: string): Promise<string[]> {
    const logs = (await api().listEvents({ query: { session: sessionId, type: 'log', limit: 1000 } })).events as LoggedEvent[];
    return logs.map((e) => String(e.payload.message));
  }

  before(async () => {
    daemon = await DaemonProcess.start();
    const demo = (await api().listAgents()).agents.find((a) => a.name === 'demo');
    assert.ok(demo, 'the built-in demo template');
    const templateServers: McpServer[] = [
      { type: 'stdio', name: 'from-template', command: 'tpl-server', args: [], env: {} },
      // Replaced by the repository's server of the same name.
      { type: 'stdio', name: 'shared', command: 'template-loses', args: [], env: {} },
      { type: 'http', name: 'remote', url: 'https://mcp.example.invalid/', headers: { Authorization: HEADER_SECRET } },
    ];
    await api().addAgent({ body: { name: TEMPLATE, command: demo.spawn.command, args: demo.spawn.args, mcpServers: templateServers } });
  });

  after(async () => {
    await daemon?.stop();
    for (const r of tempDirs) fs.rmSync(r, { recursive: true, force: true });
    if (daemon) fs.rmSync(daemon.home, { recursive: true, force: true });
  });

  it('passes template, .mcp.json and project servers in session/new; secrets stay out of views, events and the log', async () => {
    const repo = makeRepo({
      'README.md': '# mcp\n',
      '.mcp.json': JSON.stringify({ mcpServers: { shared: { command: 'node', args: ['tools/server.mjs'] } } }),
    });
    tempDirs.push(repo);
    await api().addProject({ body: { path: repo, slug: 'mcp' } });
    const patched = await patchProject('mcp', { mcpServers: [{ name: 'own', command: 'own-server', args: ['--stdio'], env: { API_TOKEN: SECRET } }] });
    assert.equal(patched.status, 200, JSON.stringify(patched.json));
    assert.ok(!JSON.stringify(patched.json).includes(SECRET), 'the PATCH answer is redacted');

    // Every view shows *** for the values; the names stay.
    const shown = (await api().getProject({ params: { project: 'mcp' } })).project;
    assert.deepEqual(shown.mcpServers, [{ type: 'stdio', name: 'own', command: 'own-server', args: ['--stdio'], env: { API_TOKEN: '***' } }]);
    assert.ok(!JSON.stringify(await api().listProjects()).includes(SECRET));
    const template = (await api().listAgents()).agents.find((a) => a.name === TEMPLATE);
    assert.deepEqual(template?.mcpServers?.find((s) => s.name === 'remote'), { type: 'http', name: 'remote', url: 'https://mcp.example.invalid/', headers: { Authorization: '***' } });

    const { reply, sessionId } = await askMcp('mcp');
    // Template < .mcp.json < project; the agent got the real value (its fingerprint), not ***.
    assert.equal(
      reply,
      ['MCP servers given:', '- from-template (stdio) tpl-server', '- shared (stdio) node tools/server.mjs', `- own (stdio) own-server --stdio API_TOKEN=sha256:${sha(SECRET)}`, ''].join('\n'),
    );
    const logs = await logMessages(sessionId);
    assert.ok(
      logs.includes(
        'MCP servers passed to the agent: from-template (stdio), shared (stdio), own (stdio); left out remote (http): the agent does not declare mcpCapabilities.http',
      ),
      logs.join('\n'),
    );

    // The demo agent logs the values on stderr: the session log hides them.
    const tail = (await api().logTail({ params: { id: sessionId }, query: { lines: 200 } })).lines.join('\n');
    assert.match(tail, /demo-agent: mcp API_TOKEN=\*\*\*/);
    assert.ok(!tail.includes(SECRET), tail);
    // No event, the project's included, carries a value.
    const all = JSON.stringify((await api().listEvents({ query: { limit: 10_000 } })).events);
    assert.ok(all.includes('project.updated'));
    assert.ok(!all.includes(SECRET) && !all.includes(HEADER_SECRET), 'no event carries an MCP secret');
  });

  it('a list read from the API and sent back with *** keeps the stored values', async () => {
    const shown = (await api().getProject({ params: { project: 'mcp' } })).project.mcpServers ?? [];
    const extra: McpServer = { type: 'stdio', name: 'second', command: 'second-server', args: [], env: {} };
    assert.equal((await patchProject('mcp', { mcpServers: [...shown, extra] })).status, 200);
    const { reply } = await askMcp('mcp');
    assert.match(reply, new RegExp(`own \\(stdio\\) own-server --stdio API_TOKEN=sha256:${sha(SECRET)}`));
    assert.match(reply, /- second \(stdio\) second-server/);
  });

  it('answers 400 naming the field for a bad server', async () => {
    const cases: Array<[unknown, string]> = [
      [{ mcpServers: [{ type: 'http', name: 'x', url: 'not a url' }] }, 'mcpServers.0.url'],
      [{ mcpServers: [{ name: 'x' }] }, 'mcpServers.0'],
      [{ mcpServers: [{ name: 'x', command: 'c', env: { 'BAD NAME': 'v' } }] }, 'mcpServers.0'],
    ];
    for (const [body, field] of cases) {
      const res = await patchProject('mcp', body);
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.ok(res.json.error?.field?.startsWith(field), `${JSON.stringify(body)}: field ${res.json.error?.field}`);
    }
  });

  it('the CLI lists, adds and removes a project’s servers without printing a value', async () => {
    const cli = new CliRunner(daemon.home);
    const header = 'Bearer cli-header-secret-99';
    assert.match(await cli.ok('projects', 'mcp', 'mcp', 'add', 'web', '--url', 'https://mcp.example.invalid/sse', '--type', 'sse', '--header', `Authorization: ${header}`), /^added MCP server web \(sse\) in project mcp$/m);
    assert.match(await cli.ok('projects', 'mcp', 'mcp', 'add', 'tool', '--env', `TOOL_KEY=${SECRET}-cli`, '--', 'node', 'tool.mjs', '--stdio'), /^added MCP server tool \(stdio\)/m);
    const listed = await cli.ok('projects', 'mcp', 'mcp');
    assert.match(listed, /^own\s+stdio\s+own-server --stdio\s+API_TOKEN$/m);
    assert.match(listed, /^web\s+sse\s+https:\/\/mcp\.example\.invalid\/sse\s+Authorization$/m);
    assert.match(listed, /^tool\s+stdio\s+node tool\.mjs --stdio\s+TOOL_KEY$/m);
    const asJson = await cli.ok('projects', 'mcp', 'mcp', '--json');
    for (const text of [listed, asJson]) assert.ok(!text.includes(SECRET) && !text.includes(header), text);

    assert.match(await cli.ok('projects', 'mcp', 'mcp', 'remove', 'web'), /^removed MCP server web from project mcp$/m);
    const missing = await cli.run('projects', 'mcp', 'mcp', 'remove', 'web');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /has no MCP server "web"/);
    const misuse = await cli.run('projects', 'mcp', 'mcp', 'add', 'both', '--url', 'https://x.invalid', '--', 'node');
    assert.equal(misuse.code, 2);
    assert.match(misuse.err, /give --url or a command after --, not both/);

    // A template's servers from a file in .mcp.json's format; a broken one is refused naming the key.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-mcp-cli-'));
    tempDirs.push(dir);
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ mcpServers: { filed: { command: 'filed-server', env: { FILED_KEY: SECRET } } } }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ mcpServers: { filed: { type: 'sse', url: 'nope' } } }));
    const demo = (await api().listAgents()).agents.find((a) => a.name === 'demo')!;
    const agentArgs = ['--command', demo.spawn.command, ...demo.spawn.args.map((x) => `--arg=${x}`)];
    const added = await cli.ok('agents', 'add', 'demo-filed', ...agentArgs, '--mcp-config', path.join(dir, 'good.json'), '--json');
    assert.ok(!added.includes(SECRET), added);
    const filed = (await api().listAgents()).agents.find((a) => a.name === 'demo-filed');
    assert.deepEqual(filed?.mcpServers, [{ type: 'stdio', name: 'filed', command: 'filed-server', args: [], env: { FILED_KEY: '***' } }]);
    const broken = await cli.run('agents', 'add', 'demo-broken', ...agentArgs, '--mcp-config', path.join(dir, 'bad.json'));
    assert.equal(broken.code, 1);
    assert.match(broken.err, /bad\.json was skipped: mcpServers\.filed\.url/);

    // The daemon kept the values the CLI never saw.
    const stored = await api().getProject({ params: { project: 'mcp' } });
    assert.deepEqual(stored.project.mcpServers?.map((s) => s.name), ['own', 'second', 'tool']);
    const { reply } = await askMcp('mcp');
    assert.match(reply, new RegExp(`API_TOKEN=sha256:${sha(SECRET)}`));
    assert.match(reply, new RegExp(`TOOL_KEY=sha256:${sha(`${SECRET}-cli`)}`));
  });

  it('a broken .mcp.json is a warning naming the file and the key; the session runs with the other servers', async () => {
    const repo = makeRepo({ 'README.md': '# broken\n', '.mcp.json': JSON.stringify({ mcpServers: { bad: { command: 42 } } }) });
    tempDirs.push(repo);
    await api().addProject({ body: { path: repo, slug: 'broken' } });
    const { reply, sessionId } = await askMcp('broken');
    assert.match(reply, /- from-template \(stdio\) tpl-server\n- shared \(stdio\) template-loses\n$/);
    const warning = (await logMessages(sessionId)).find((m) => m.includes('.mcp.json was skipped'));
    assert.match(warning ?? '', /\.mcp\.json was skipped: mcpServers\.bad\.command/);
  });
});
