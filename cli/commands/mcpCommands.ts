// `projects mcp <project> [add <name> … | remove <name>]`: the MCP servers a project's sessions
// get on top of the repository's `.mcp.json`. The list is read, changed and sent back whole; its
// env and header values come back from the daemon as `***`, which the daemon reads as "keep the
// stored value", so editing one server never needs the others' secrets.
import { z } from 'zod';
import type { McpServer } from '../../daemon/protocol/mcpEntities.js';
import { UsageError, arg, choiceOpt, listOpt, stringOpt, type CommandArgs, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';
import { table } from '../format.js';
import { parseEnvPairs } from './projectCommands.js';

const REMOTE_TYPES = ['http', 'sse'] as const;
const ARGS = '<project> [add <name> (--url URL [--type http|sse] [--header H]… | [--env K=V]… -- <command> [args…]) | remove <name>]';

function serverTable(servers: readonly McpServer[]): string {
  const secrets = (s: McpServer) => Object.keys(s.type === 'stdio' ? s.env : s.headers).join(', ');
  const target = (s: McpServer) => (s.type === 'stdio' ? [s.command, ...s.args].join(' ') : s.url);
  return table(
    ['NAME', 'TYPE', 'COMMAND / URL', 'ENV / HEADERS (values hidden)'],
    servers.map((s) => [s.name, s.type, target(s), secrets(s)]),
  );
}

/** `--header 'Name: value'` or `--header Name=value`. */
function parseHeaders(pairs: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const [, header, value] = /^([^:=\s]+)\s*[:=]\s*(.*)$/.exec(pair) ?? [];
    if (header === undefined || value === undefined) throw new UsageError(`--header takes "Name: value", not "${pair}"`);
    headers[header] = value;
  }
  return headers;
}

/** The server `add` describes: a URL makes a remote one, else the words after the name are the command. */
function serverFromArgs(a: CommandArgs, name: string, command: string[]): McpServer {
  const url = stringOpt(a, 'url');
  if (url !== undefined) {
    if (command.length > 0) throw new UsageError(`projects mcp add: give --url or a command after --, not both`);
    const parsed = z.string().url().safeParse(url);
    if (!parsed.success) throw new UsageError(`--url must be a URL, not "${url}"`);
    return { type: choiceOpt(a, 'type', REMOTE_TYPES) ?? 'http', name, url, headers: parseHeaders(listOpt(a, 'header')) };
  }
  const [program, ...args] = command;
  if (program === undefined) throw new UsageError(`projects mcp add: give the server's command after -- (or --url URL)`);
  if (stringOpt(a, 'type') !== undefined) throw new UsageError('--type is for --url servers (http or sse)');
  return { type: 'stdio', name, command: program, args, env: parseEnvPairs(listOpt(a, 'env')) };
}

async function save(ctx: CommandContext, project: string, servers: McpServer[]): Promise<McpServer[]> {
  const res = await ctx.client().api.updateProject({ params: { project }, body: { mcpServers: servers } });
  return res.project.mcpServers ?? [];
}

async function run(ctx: CommandContext, a: CommandArgs): Promise<number> {
  const project = arg(a, 0);
  const [verb, name, ...rest] = a.positionals.slice(1);
  const current = (await ctx.client().api.getProject({ params: { project } })).project.mcpServers ?? [];
  if (verb === undefined) {
    if (ctx.json) ctx.printJson({ mcpServers: current });
    else ctx.out(current.length === 0 ? `project ${project} declares no MCP servers of its own (the repository's .mcp.json is read as well)` : serverTable(current));
    return 0;
  }
  if ((verb !== 'add' && verb !== 'remove') || name === undefined) throw new UsageError(`usage: switchboard projects mcp ${ARGS}`);
  let next: McpServer[];
  let said: string;
  if (verb === 'add') {
    const server = serverFromArgs(a, name, rest);
    const replaced = current.some((s) => s.name === name);
    next = [...current.filter((s) => s.name !== name), server];
    said = `${replaced ? 'replaced' : 'added'} MCP server ${name} (${server.type}) in project ${project}`;
  } else {
    if (rest.length > 0) throw new UsageError(`projects mcp remove: unexpected argument "${rest[0]}"`);
    if (!current.some((s) => s.name === name)) {
      ctx.io.stderr(`switchboard: project ${project} has no MCP server "${name}" (it has: ${current.map((s) => s.name).join(', ') || 'none'})\n`);
      return 1;
    }
    next = current.filter((s) => s.name !== name);
    said = `removed MCP server ${name} from project ${project}`;
  }
  const saved = await save(ctx, project, next);
  if (ctx.json) ctx.printJson({ mcpServers: saved });
  else ctx.out(said);
  return 0;
}

export const mcpCommands: CommandSpec[] = [
  {
    words: ['projects', 'mcp'],
    args: ARGS,
    summary: "List, add or remove a project's MCP servers (values shown as ***)",
    options: {
      env: { type: 'string', multiple: true, valueName: 'K=V', help: 'an environment variable; repeat for several' },
      url: { type: 'string', valueName: 'URL', help: 'a remote (http or sse) MCP server' },
      type: { type: 'string', valueName: 'T', help: 'http (default) or sse, for --url' },
      header: { type: 'string', multiple: true, valueName: 'H', help: 'an HTTP header "Name: value" for --url; repeat for several' },
    },
    positionals: { min: 1, max: Infinity },
    run,
  },
];
