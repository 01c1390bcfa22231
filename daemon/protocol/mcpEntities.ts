// MCP servers handed to agents in `session/new` (ACP `mcpServers`): declared per project (the
// repository's `.mcp.json`, plus the project's own list) and per template. Their env and headers
// may hold secrets: the API shows them redacted, like template env.
import { z } from 'zod';

const serverName = z.string().trim().min(1).max(100);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const McpStdioServerSchema = z
  .object({
    type: z.literal('stdio').default('stdio'),
    name: serverName,
    command: z.string().trim().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(envName, z.string()).default({}),
  })
  .strict();

export const McpRemoteServerSchema = z
  .object({
    /** Passed only to agents that declare the capability (`mcpCapabilities.http` / `.sse`). */
    type: z.enum(['http', 'sse']),
    name: serverName,
    url: z.string().url(),
    headers: z.record(z.string().min(1), z.string()).default({}),
  })
  .strict();

export const McpServerSchema = z.union([McpRemoteServerSchema, McpStdioServerSchema]);
export type McpServer = z.infer<typeof McpServerSchema>;

/** Where a server a session got was declared; the later one wins on a name clash. */
export const MCP_SOURCES = ['template', 'mcp.json', 'project'] as const;
