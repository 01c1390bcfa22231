// The MCP servers a session's agent gets: its template's, then the repository's `.mcp.json` (Claude
// Code's format, read from the session's working directory at every agent start), then the
// project's own; a later one replaces an earlier one of the same name. A broken `.mcp.json` is
// skipped with a warning that names the file and the key at fault: it never fails a session.
import fs from 'node:fs';
import path from 'node:path';
import type { McpServer } from '../protocol/mcpEntities.js';
import { parseMcpJson, type McpJsonResult } from '../protocol/mcpJson.js';

export const MCP_JSON = '.mcp.json';

/** Reads `<dir>/.mcp.json`; no file means no servers and no warning. */
export async function readMcpJson(dir: string): Promise<McpJsonResult> {
  const file = path.join(dir, MCP_JSON);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { servers: [], warning: null };
    const why = `it cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    return { servers: [], warning: `${file} was skipped: ${why}` };
  }
  return parseMcpJson(text, file);
}

/** Merges lists in order of precedence, lowest first: a later server replaces an earlier one of the same name. */
export function mergeMcpServers(...lists: ReadonlyArray<readonly McpServer[] | undefined>): McpServer[] {
  const byName = new Map<string, McpServer>();
  for (const list of lists) {
    for (const server of list ?? []) {
      byName.delete(server.name); // the winner takes the position of its own list
      byName.set(server.name, server);
    }
  }
  return [...byName.values()];
}

export interface SessionMcpServers {
  servers: McpServer[];
  /** Why `.mcp.json` was skipped, when it was. */
  warnings: string[];
}

/** Template, then the repository's `.mcp.json` in `cwd`, then the project's own list. */
export async function collectMcpServers(input: {
  template: { mcpServers?: McpServer[] | undefined };
  project: { mcpServers?: McpServer[] | undefined } | undefined;
  cwd: string;
}): Promise<SessionMcpServers> {
  const fromFile = await readMcpJson(input.cwd);
  return {
    servers: mergeMcpServers(input.template.mcpServers, fromFile.servers, input.project?.mcpServers),
    warnings: fromFile.warning === null ? [] : [fromFile.warning],
  };
}

/** `probe (stdio), docs (http)`: names and kinds only, never env or headers. */
export function describeMcpServers(servers: readonly Pick<McpServer, 'name' | 'type'>[]): string {
  return servers.map((s) => `${s.name} (${s.type})`).join(', ');
}
