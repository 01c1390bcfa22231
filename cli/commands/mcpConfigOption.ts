// `agents add --mcp-config FILE`: a template's MCP servers from a file in `.mcp.json`'s format,
// parsed here with the daemon's own parser (daemon/protocol/mcpJson.ts), so a broken file is
// refused before anything is sent, naming the key at fault.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { McpServer } from '../../daemon/protocol/mcpEntities.js';
import { parseMcpJson } from '../../daemon/protocol/mcpJson.js';
import { stringOpt, type CommandArgs, type OptionSpec } from '../args.js';
import type { CommandContext } from '../context.js';

/** `agents add --mcp-config FILE`: the template's MCP servers, from a file in `.mcp.json`'s format. */
export const mcpConfigOption: Record<string, OptionSpec> = {
  'mcp-config': { type: 'string', valueName: 'FILE', help: "MCP servers every session gets, from a file in .mcp.json's format" },
};

/** The body part `--mcp-config` gives; a file that cannot be read or parsed is an error naming the key. */
export async function mcpConfigFromArgs(ctx: CommandContext, a: CommandArgs): Promise<{ mcpServers?: McpServer[] }> {
  const given = stringOpt(a, 'mcp-config');
  if (given === undefined) return {};
  const file = resolve(ctx.io.cwd, given);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`--mcp-config: cannot read ${file} (${err.code ?? err.message})`);
  });
  const { servers, warning } = parseMcpJson(text, file);
  if (warning !== null) throw new Error(`--mcp-config: ${warning}`);
  return { mcpServers: servers };
}
