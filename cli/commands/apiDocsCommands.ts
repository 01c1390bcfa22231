// `api-docs`: the URL of the daemon's browsable, read-only API docs (a ticket in it, valid 60 s),
// printed and, with --open, handed to the system's browser. `openapi`: the OpenAPI 3.1 document
// itself, for tools (`switchboard openapi > openapi.json`).
import { spawn } from 'node:child_process';
import { boolOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';

/**
 * How this machine opens a URL in a browser: `$BROWSER` when set (the convention xdg-open and
 * Python's webbrowser honour; one program, given the URL as its argument), else the platform's
 * opener.
 */
export function browserOpener(env: Record<string, string | undefined>, platform: NodeJS.Platform): { command: string; args: string[] } {
  const browser = env.BROWSER?.trim();
  if (browser) return { command: browser, args: [] };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
  return { command: 'xdg-open', args: [] };
}

/** Starts the opener detached (it may outlive us); resolves false when it could not be started. */
function openInBrowser(ctx: CommandContext, url: string): Promise<boolean> {
  const { command, args } = browserOpener(ctx.io.env, process.platform);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { detached: true, stdio: 'ignore', env: { ...ctx.io.env } });
    child.once('error', (err) => {
      ctx.io.stderr(`could not start ${command} (${err.message}); open the URL yourself\n`);
      resolve(false);
    });
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

export const apiDocsCommands: CommandSpec[] = [
  {
    words: ['api-docs'],
    args: '',
    summary: "The URL of the daemon's read-only API docs page (Swagger UI); the ticket in it is valid for 60 s",
    options: { open: { type: 'boolean', help: 'open it in the browser ($BROWSER, else the system opener)' } },
    positionals: { min: 0, max: 0 },
    async run(ctx, a) {
      const res = await ctx.client().api.apiDocsTicket();
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`${res.pageUrl}\n(open it within 60 s; expires ${res.expiresAt})`);
      if (boolOpt(a, 'open') && !(await openInBrowser(ctx, res.pageUrl))) return 1;
      return 0;
    },
  },
  {
    words: ['openapi'],
    args: '',
    summary: 'Print the OpenAPI 3.1 document of the API (JSON), generated from its route table',
    positionals: { min: 0, max: 0 },
    async run(ctx) {
      ctx.printJson(await ctx.client().api.openApi());
      return 0;
    },
  },
];
