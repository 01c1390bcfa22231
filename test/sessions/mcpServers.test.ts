// Which MCP servers a session's agent gets: `.mcp.json` read in Claude Code's format (a broken file
// skipped with a warning naming the key), the template < .mcp.json < project precedence, remote
// servers only for agents that declare them, and the secrets in them kept out of every view.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mcpServersForAgent } from '../../daemon/agents/mcpWire.js';
import type { McpServer } from '../../daemon/protocol/mcpEntities.js';
import { keepStoredSecrets, mcpSecretValues, redactMcpServers } from '../../daemon/sessions/mcpSecrets.js';
import { parseMcpJson } from '../../daemon/protocol/mcpJson.js';
import { collectMcpServers, describeMcpServers, mergeMcpServers, readMcpJson } from '../../daemon/sessions/mcpServers.js';

const stdio = (name: string, command = 'node', env: Record<string, string> = {}): McpServer => ({ type: 'stdio', name, command, args: [], env });
const remote = (name: string, type: 'http' | 'sse', headers: Record<string, string> = {}): McpServer => ({ type, name, url: `https://mcp.example.invalid/${name}`, headers });

describe('MCP servers for a session', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-mcp-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('.mcp.json', () => {
    it('reads stdio servers with or without a type, and http/sse servers, in Claude Code’s format', () => {
      const text = JSON.stringify({
        mcpServers: {
          files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'], env: { ROOT: '.' } },
          typed: { type: 'stdio', command: 'node' },
          docs: { type: 'http', url: 'https://docs.example.invalid/mcp', headers: { Authorization: 'Bearer abcdefgh' } },
          events: { type: 'sse', url: 'https://events.example.invalid/sse' },
        },
      });
      const { servers, warning } = parseMcpJson(text, '.mcp.json');
      assert.equal(warning, null);
      assert.deepEqual(servers, [
        { type: 'stdio', name: 'files', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'], env: { ROOT: '.' } },
        { type: 'stdio', name: 'typed', command: 'node', args: [], env: {} },
        { type: 'http', name: 'docs', url: 'https://docs.example.invalid/mcp', headers: { Authorization: 'Bearer abcdefgh' } },
        { type: 'sse', name: 'events', url: 'https://events.example.invalid/sse', headers: {} },
      ]);
    });

    it('skips a broken file whole, with a warning naming the file and the key at fault', () => {
      const cases: Array<[string, RegExp]> = [
        ['{"mcpServers": ', /not valid JSON/],
        ['{"servers": {}}', /mcpServers/],
        [JSON.stringify({ mcpServers: { ok: { command: 'node' }, web: { type: 'http', url: 'not a url' } } }), /mcpServers\.web\.url/],
        [JSON.stringify({ mcpServers: { bad: { args: ['x'] } } }), /mcpServers\.bad\.(command|type)/],
        [JSON.stringify({ mcpServers: { bad: { command: 'node', env: { 'NOT A NAME': 'x' } } } }), /mcpServers\.bad\.env/],
      ];
      for (const [text, key] of cases) {
        const { servers, warning } = parseMcpJson(text, '/repo/.mcp.json');
        assert.deepEqual(servers, [], text);
        assert.match(warning ?? '', /^\/repo\/\.mcp\.json was skipped: /, text);
        assert.match(warning ?? '', key, text);
      }
    });

    it('a missing file is no servers and no warning', async () => {
      assert.deepEqual(await readMcpJson(dir), { servers: [], warning: null });
    });
  });

  it('merges template < .mcp.json < project: a later server of the same name wins', async () => {
    fs.writeFileSync(path.join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { shared: { command: 'from-file' }, file: { command: 'file-only' } } }));
    const got = await collectMcpServers({
      template: { mcpServers: [stdio('shared', 'from-template'), stdio('tpl', 'template-only')] },
      project: { mcpServers: [stdio('file', 'from-project')] },
      cwd: dir,
    });
    assert.deepEqual(got.warnings, []);
    assert.deepEqual(
      got.servers.map((s) => [s.name, s.type === 'stdio' ? s.command : s.url]),
      [
        ['tpl', 'template-only'],
        ['shared', 'from-file'],
        ['file', 'from-project'],
      ],
    );
    assert.deepEqual(mergeMcpServers(undefined, [], undefined), []);
  });

  it('a broken .mcp.json leaves the other sources in place and says why', async () => {
    fs.writeFileSync(path.join(dir, '.mcp.json'), '{"mcpServers": {"x": {"command": 3}}}');
    const got = await collectMcpServers({ template: { mcpServers: [stdio('tpl')] }, project: undefined, cwd: dir });
    assert.deepEqual(got.servers.map((s) => s.name), ['tpl']);
    assert.equal(got.warnings.length, 1);
    assert.match(got.warnings[0]!, /\.mcp\.json was skipped: mcpServers\.x\.command/);
  });

  describe('for an agent', () => {
    const servers = [stdio('local', 'node', { TOKEN: 'secret-value' }), remote('docs', 'http', { Authorization: 'Bearer xyz12345' }), remote('feed', 'sse')];

    it('passes stdio always and leaves out http/sse the agent does not declare, naming the capability', () => {
      const none = mcpServersForAgent(servers, {});
      assert.deepEqual(none.passed.map((s) => s.name), ['local']);
      assert.deepEqual(none.leftOut.map((l) => [l.server.name, l.missing]), [
        ['docs', 'mcpCapabilities.http'],
        ['feed', 'mcpCapabilities.sse'],
      ]);
      const httpOnly = mcpServersForAgent(servers, { mcpCapabilities: { http: true, sse: false } });
      assert.deepEqual(httpOnly.passed.map((s) => s.name), ['local', 'docs']);
      assert.deepEqual(httpOnly.leftOut.map((l) => l.server.name), ['feed']);
    });

    it('speaks ACP’s wire shape: env and headers as name/value lists', () => {
      const { wire } = mcpServersForAgent(servers, { mcpCapabilities: { http: true, sse: true } });
      assert.deepEqual(wire, [
        { name: 'local', command: 'node', args: [], env: [{ name: 'TOKEN', value: 'secret-value' }] },
        { type: 'http', name: 'docs', url: 'https://mcp.example.invalid/docs', headers: [{ name: 'Authorization', value: 'Bearer xyz12345' }] },
        { type: 'sse', name: 'feed', url: 'https://mcp.example.invalid/feed', headers: [] },
      ]);
    });

    it('describes servers by name and kind only', () => {
      assert.equal(describeMcpServers(servers), 'local (stdio), docs (http), feed (sse)');
    });
  });

  describe('secrets', () => {
    const stored = [stdio('local', 'node', { TOKEN: 'stored-token', PLAIN: 'x' }), remote('docs', 'http', { Authorization: 'Bearer stored' })];

    it('views show every env and header value as ***, names kept', () => {
      const shown = redactMcpServers(stored);
      assert.deepEqual(shown[0], { ...stored[0], env: { TOKEN: '***', PLAIN: '***' } });
      assert.deepEqual(shown[1], { ...stored[1], headers: { Authorization: '***' } });
      assert.ok(!JSON.stringify(shown).includes('stored'));
    });

    it('a *** sent back keeps the stored value; a new value replaces it; *** with nothing stored stays', () => {
      const incoming = [stdio('local', 'node', { TOKEN: '***', PLAIN: 'changed', NEW: '***' }), remote('docs', 'http', { Authorization: '***' }), stdio('fresh', 'x', { K: '***' })];
      const kept = keepStoredSecrets(incoming, stored);
      assert.deepEqual(kept[0], { ...incoming[0], env: { TOKEN: 'stored-token', PLAIN: 'changed', NEW: '***' } });
      assert.deepEqual(kept[1], { ...incoming[1], headers: { Authorization: 'Bearer stored' } });
      assert.deepEqual(kept[2], incoming[2]);
    });

    it('lists every value for the redactor', () => {
      assert.deepEqual(mcpSecretValues(stored).sort(), ['Bearer stored', 'stored-token', 'x']);
      assert.deepEqual(mcpSecretValues(undefined), []);
    });
  });
});
