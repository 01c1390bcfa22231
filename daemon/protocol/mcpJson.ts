// The `.mcp.json` file format (Claude Code's: `{"mcpServers": {"<name>": {command, args?, env?} |
// {type: "http"|"sse", url, headers?}}}`) read into McpServer records. One function for the daemon
// (the repository's file, at every agent start) and the CLI (a file given on the command line).
import { z } from 'zod';
import { McpRemoteServerSchema, McpStdioServerSchema, type McpServer } from './mcpEntities.js';

/** The file's outer shape; each entry is then checked against the schema of its kind, its name added. */
const McpJsonSchema = z.object({ mcpServers: z.record(z.string(), z.record(z.string(), z.unknown())) });

export interface McpJsonResult {
  servers: McpServer[];
  /** Set when the file was skipped: what is wrong with it, naming the key. */
  warning: string | null;
}

/** Parses a `.mcp.json` text; `file` names it in the warning. Never throws. */
export function parseMcpJson(text: string, file: string): McpJsonResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return skipped(file, `it is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const outer = McpJsonSchema.safeParse(raw);
  if (!outer.success) return skipped(file, issueText(outer.error.issues[0]));
  const servers: McpServer[] = [];
  for (const [name, entry] of Object.entries(outer.data.mcpServers)) {
    // Checked against the one kind it claims to be, so the warning names the key at fault rather
    // than "no kind matched". Claude Code spells a stdio server without `type` or with `type: "stdio"`.
    const schema = entry.type === 'http' || entry.type === 'sse' || (entry.type === undefined && 'url' in entry) ? McpRemoteServerSchema : McpStdioServerSchema;
    const parsed = schema.safeParse({ ...entry, name });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return skipped(file, issueText(issue && { ...issue, path: ['mcpServers', name, ...issue.path] }));
    }
    servers.push(parsed.data);
  }
  return { servers, warning: null };
}

function skipped(file: string, why: string): McpJsonResult {
  return { servers: [], warning: `${file} was skipped: ${why}` };
}

function issueText(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'it does not have the expected shape';
  const key = issue.path.map(String).join('.');
  return key === '' ? issue.message : `${key}: ${issue.message}`;
}
