// MCP servers as ACP's `session/new` / `session/load` carry them (`mcpServers`): stdio servers
// always (every agent must take them), http and sse only when the agent's `initialize` answer
// declares `mcpCapabilities.http` / `.sse` — an agent that does not would refuse the request.
import type * as acp from '@agentclientprotocol/sdk';
import type { McpServer } from '../protocol/mcpEntities.js';

export interface AgentMcpServers {
  /** What goes on the wire, in order. */
  wire: acp.McpServer[];
  /** The servers in `wire` (for the log line: names and kinds only). */
  passed: McpServer[];
  /** Remote servers the agent cannot take, with the capability it lacks. */
  leftOut: Array<{ server: McpServer; missing: string }>;
}

function declares(capabilities: Record<string, unknown>, kind: 'http' | 'sse'): boolean {
  const mcp = capabilities.mcpCapabilities;
  return typeof mcp === 'object' && mcp !== null && (mcp as Record<string, unknown>)[kind] === true;
}

const pairs = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => ({ name, value }));

function toWire(server: McpServer): acp.McpServer {
  if (server.type === 'stdio') return { name: server.name, command: server.command, args: server.args, env: pairs(server.env) };
  return { type: server.type, name: server.name, url: server.url, headers: pairs(server.headers) };
}

/** Splits `servers` into what this agent gets (ACP's wire shape) and what it cannot take. */
export function mcpServersForAgent(servers: readonly McpServer[], agentCapabilities: Record<string, unknown>): AgentMcpServers {
  const out: AgentMcpServers = { wire: [], passed: [], leftOut: [] };
  for (const server of servers) {
    if (server.type !== 'stdio' && !declares(agentCapabilities, server.type)) {
      out.leftOut.push({ server, missing: `mcpCapabilities.${server.type}` });
      continue;
    }
    out.wire.push(toWire(server));
    out.passed.push(server);
  }
  return out;
}
