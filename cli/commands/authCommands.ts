// `login <id>` and `logout <agent>`: the logins an agent declares (ACP `authMethods`). A terminal
// login runs right here, in the person's terminal, with the agent's HOME; then the daemon is told
// to log the session's agent in, which starts it again and resumes the session.
import { spawn } from 'node:child_process';
import type { TerminalLogin } from '../../daemon/protocol/agentFeatureRoutes.js';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';
import { UsageError, arg, stringOpt, type CommandSpec } from '../args.js';
import type { CommandContext } from '../context.js';

/** --method, else the agent's only method, else its only terminal method. */
export function chooseMethod(s: Session, wanted: string | undefined): AuthMethod {
  const methods = s.authMethods;
  if (wanted !== undefined) {
    const named = methods.find((m) => m.id === wanted);
    if (named) return named;
  } else {
    const terminal = methods.filter((m) => m.type === 'terminal' || m.terminalCommand !== undefined);
    const only = methods.length === 1 ? methods[0] : terminal.length === 1 ? terminal[0] : undefined;
    if (only) return only;
  }
  if (methods.length === 0) throw new UsageError(`login: the ${s.agent} agent of session ${s.shortId} has declared no logins`);
  const list = methods.map((m) => `${m.id} (${m.name}${m.terminalCommand ? ', in a terminal' : ''})`).join(', ');
  throw new UsageError(`login: ${wanted === undefined ? 'choose a method with --method' : `no method "${wanted}"`}; the ${s.agent} agent declares: ${list}`);
}

/**
 * Runs the login on this terminal (stdin, stdout and stderr are the person's) and answers its exit
 * code. The person's own environment stays (PATH, TERM), with the agent's HOME over it.
 */
function runInThisTerminal(ctx: CommandContext, login: TerminalLogin): Promise<number> {
  const [program, ...args] = login.command;
  return new Promise((resolve) => {
    const child = spawn(program!, args, { cwd: login.cwd, env: { ...ctx.io.env, ...login.env }, stdio: 'inherit' });
    child.once('error', (err) => {
      ctx.io.stderr(`login: could not run ${program}: ${err.message}\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export const authCommands: CommandSpec[] = [
  {
    words: ['login'],
    args: '<id>',
    summary: "Log a session's agent in (a terminal login runs here), then resume the session",
    options: { method: { type: 'string', valueName: 'ID', help: 'which of the agent\'s logins (default: its only one, or its only terminal login)' } },
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const api = ctx.client().api;
      const { session } = await api.getSession({ params: { id: arg(a, 0) } });
      const method = chooseMethod(session, stringOpt(a, 'method'));
      if (method.terminalCommand !== undefined) {
        const login = await api.loginCommand({ params: { id: session.id }, query: { methodId: method.id } });
        ctx.io.stderr(`running the ${session.agent} login (${login.name}) with HOME=${login.env.HOME ?? '?'}: ${login.command.join(' ')}\n`);
        const code = await runInThisTerminal(ctx, login);
        if (code !== 0) {
          ctx.io.stderr(`login: the ${session.agent} login exited with code ${code}; session ${session.shortId} keeps waiting (run login again)\n`);
          return 1;
        }
      }
      const res = await api.authenticate({ params: { id: session.id }, body: { methodId: method.id } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(`logged ${session.agent} in (${method.name}); session ${res.session.shortId}: ${res.session.state}`);
      return 0;
    },
  },
  {
    words: ['logout'],
    args: '<agent>',
    summary: 'Log an agent out (ACP logout), where the agent offers it',
    positionals: { min: 1, max: 1 },
    async run(ctx, a) {
      const res = await ctx.client().api.logoutAgent({ params: { name: arg(a, 0) } });
      if (ctx.json) ctx.printJson(res);
      else ctx.out(res.message);
      return res.loggedOut ? 0 : 1;
    },
  },
];
