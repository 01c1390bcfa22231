// `switchboard mcp`: serve Switchboard's tools and transcripts to an MCP client over this process's
// stdin and stdout (cli/mcp/). Unlike other commands it owns the process's stdio — the MCP client
// speaks JSON-RPC on it — so nothing here may print to stdout; trouble goes to stderr.
import { boolOpt, type CommandSpec } from '../args.js';
import { DaemonAccess } from '../mcp/daemonAccess.js';
import { serveMcp } from '../mcp/mcpServer.js';
import { ALLOW_DESTRUCTIVE_ENV } from '../mcp/toolKit.js';

function envAllows(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value.trim());
}

export const mcpServerCommands: CommandSpec[] = [
  {
    words: ['mcp'],
    args: '',
    summary: 'Serve Switchboard to an MCP client over stdio (sessions, review, merge; transcripts as resources)',
    options: {
      'allow-destructive': {
        type: 'boolean',
        help: `let the client merge for real and discard (otherwise only the merge dry run); also ${ALLOW_DESTRUCTIVE_ENV}=1`,
      },
    },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const access = new DaemonAccess({ home: ctx.home, env: ctx.io.env });
      await serveMcp({
        access,
        allowDestructive: boolOpt(a, 'allow-destructive') || envAllows(ctx.io.env[ALLOW_DESTRUCTIVE_ENV]),
        input: process.stdin,
        output: process.stdout,
        log: (text) => ctx.io.stderr(text),
      });
      return 0;
    },
  },
];
