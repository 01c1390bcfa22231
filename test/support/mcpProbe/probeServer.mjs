// A small MCP server for tests, speaking MCP's stdio transport (newline-delimited JSON-RPC 2.0)
// with one tool, `switchboard_probe`. A real agent starts it from a repository's `.mcp.json`,
// inside the session's sandbox, so it is plain JavaScript with no imports beyond Node's own: it
// runs from the worktree, where no node_modules is visible. Each call is appended to
// `mcp-probe-calls.log` in its working directory (the session's worktree), for the test to read.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const TOOL = {
  name: 'switchboard_probe',
  description: 'Answers with the note it was given; a test probe of Agent Switchboard.',
  inputSchema: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] },
};
const CALL_LOG = path.resolve('mcp-probe-calls.log');

function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function callTool(params) {
  if (params?.name !== TOOL.name) throw Object.assign(new Error(`unknown tool ${String(params?.name)}`), { code: -32602 });
  const note = String(params.arguments?.note ?? '');
  fs.appendFileSync(CALL_LOG, `${JSON.stringify({ note, at: new Date().toISOString() })}\n`);
  return { content: [{ type: 'text', text: `switchboard_probe answered: ${note}` }] };
}

const METHODS = {
  // Answers the client's protocol version: this server's few messages are the same in all of them.
  initialize: (params) => ({
    protocolVersion: typeof params?.protocolVersion === 'string' ? params.protocolVersion : '2025-06-18',
    capabilities: { tools: {} },
    serverInfo: { name: 'switchboard-probe', version: '1.0.0' },
  }),
  ping: () => ({}),
  'tools/list': () => ({ tools: [TOOL] }),
  'tools/call': callTool,
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return send({ id: null, error: { code: -32700, message: 'parse error' } });
  }
  if (message.id === undefined || message.id === null) return; // a notification: nothing to answer
  const handler = Object.hasOwn(METHODS, message.method) ? METHODS[message.method] : undefined;
  if (!handler) return send({ id: message.id, error: { code: -32601, message: `no method ${message.method}` } });
  try {
    send({ id: message.id, result: handler(message.params) });
  } catch (err) {
    send({ id: message.id, error: { code: err.code ?? -32603, message: err.message } });
  }
});
