// MCP server env and header values are secrets, like template env: the API and events show them as
// `***`, the redactor learns every value, and a client that sends `***` back keeps the stored value
// (so a list read from the API can be edited and returned without retyping every key).
import { REDACTED } from '../system/redactor.js';
import type { McpServer } from '../protocol/mcpEntities.js';

/** The map of secret values a server carries: env for stdio, headers for http/sse. */
function secretsOf(server: McpServer): Record<string, string> {
  return server.type === 'stdio' ? server.env : server.headers;
}

function withSecrets(server: McpServer, values: Record<string, string>): McpServer {
  return server.type === 'stdio' ? { ...server, env: values } : { ...server, headers: values };
}

/** Every env and header value a list holds. */
export function mcpSecretValues(servers: readonly McpServer[] | undefined): string[] {
  return (servers ?? []).flatMap((s) => Object.values(secretsOf(s)));
}

/** The list as the API shows it: names kept, every value `***`. */
export function redactMcpServers(servers: readonly McpServer[]): McpServer[] {
  return servers.map((s) => withSecrets(s, Object.fromEntries(Object.keys(secretsOf(s)).map((k) => [k, REDACTED]))));
}

/**
 * An incoming list with each `***` value replaced by the value stored under the same server name
 * and key. A `***` with nothing stored behind it stays as sent: the client meant that text.
 */
export function keepStoredSecrets(incoming: readonly McpServer[], stored: readonly McpServer[] | undefined): McpServer[] {
  const before = new Map((stored ?? []).map((s) => [s.name, secretsOf(s)]));
  return incoming.map((s) => {
    const prior = before.get(s.name) ?? {};
    const values = Object.fromEntries(Object.entries(secretsOf(s)).map(([k, v]) => [k, v === REDACTED ? (prior[k] ?? v) : v]));
    return withSecrets(s, values);
  });
}
