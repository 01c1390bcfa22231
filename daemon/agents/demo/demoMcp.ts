// The MCP servers the client gave each demo session (session/new, session/load), for the `mcp`
// control word: the demo starts none of them, it only says what it got, so a test can check what
// reached the agent. Env and header values are never repeated: a fingerprint (sha256, 8 hex
// digits) shows which value arrived without printing a secret into the transcript.
import { createHash } from 'node:crypto';
import type * as acp from '@agentclientprotocol/sdk';

const given = new Map<string, acp.McpServer[]>();

export function rememberMcpServers(sessionId: string, servers: acp.McpServer[] | undefined): void {
  given.set(sessionId, servers ?? []);
}

export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

function describe(server: acp.McpServer): string {
  const values = (pairs: Array<{ name: string; value: string }>) => pairs.map((p) => `${p.name}=sha256:${fingerprint(p.value)}`).join(' ');
  if ('type' in server && (server.type === 'http' || server.type === 'sse')) {
    return `${server.name} (${server.type}) ${server.url} ${values(server.headers)}`.trimEnd();
  }
  const stdio = server as acp.McpServerStdio;
  return `${stdio.name} (stdio) ${[stdio.command, ...stdio.args].join(' ')} ${values(stdio.env)}`.trimEnd();
}

/**
 * The values themselves, as a careless agent might log its configuration on stderr: the `mcp`
 * control word writes this there, so a test can check the daemon's session log hides them.
 */
export function mcpValuesForStderr(sessionId: string): string {
  const pairs = (given.get(sessionId) ?? []).flatMap((s) => ('env' in s ? s.env : 'headers' in s ? s.headers : []));
  return pairs.map((p) => `demo-agent: mcp ${p.name}=${p.value}\n`).join('');
}

/** One line per server, or a line saying there were none. */
export function describeMcpServers(sessionId: string): string {
  const servers = given.get(sessionId) ?? [];
  if (servers.length === 0) return 'MCP servers given: none\n';
  return `MCP servers given:\n${servers.map((s) => `- ${describe(s)}\n`).join('')}`;
}
