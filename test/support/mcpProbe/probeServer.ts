// A small MCP server for tests, built on the MCP SDK (stdio transport), with one tool,
// `switchboard_probe`. A real agent starts it from a repository's `.mcp.json`, inside the session's
// sandbox, where the project's node_modules is not on the module path: probeBundle.ts bundles it
// into one file that the test writes into the repository. Each call is appended to
// `mcp-probe-calls.log` in its working directory (the session's worktree), for the test to read.
import fs from 'node:fs';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const CALL_LOG = path.resolve('mcp-probe-calls.log');

const server = new McpServer({ name: 'switchboard-probe', version: '1.0.0' });
server.registerTool(
  'switchboard_probe',
  {
    description: 'Answers with the note it was given; a test probe of Agent Switchboard.',
    inputSchema: { note: z.string() },
  },
  ({ note }) => {
    fs.appendFileSync(CALL_LOG, `${JSON.stringify({ note, at: new Date().toISOString() })}\n`);
    return { content: [{ type: 'text', text: `switchboard_probe answered: ${note}` }] };
  },
);

void server.connect(new StdioServerTransport());
