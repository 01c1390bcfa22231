// The steps of "Log in" for a session waiting with `auth_required`, apart from VS Code so a test
// drives them against a real daemon: which method, the terminal login (command line, env with
// the agent's HOME, and cwd come from the daemon), then `authenticate`, which starts the agent
// again and resumes the session. ACP: exit status 0 of a terminal login means it succeeded.
import type { RouteMethods } from '../../daemon/protocol/client.js';
import type { TerminalLogin } from '../../daemon/protocol/agentFeatureRoutes.js';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';

export interface LoginPorts {
  api: Pick<RouteMethods, 'loginCommand' | 'authenticate'>;
  /** Runs the login where a person can answer it; resolves with its exit status once it closed (undefined: unknown). */
  runInTerminal(login: TerminalLogin): Promise<number | undefined>;
  /** After a login that did not exit 0: whether to ask the agent anyway. */
  retryAnyway(message: string): Promise<boolean>;
}

export type LoginOutcome = { kind: 'resumed'; session: Session } | { kind: 'abandoned'; exitCode: number | undefined };

/** How a method logs in: in a terminal, with a key the client hands over, or by the agent itself. */
export function loginKind(method: AuthMethod): 'terminal' | 'env_var' | 'agent' {
  if (method.terminalCommand !== undefined && method.terminalCommand.length > 0) return 'terminal';
  return method.type === 'env_var' ? 'env_var' : 'agent';
}

/** Runs the agent's terminal login, then has the daemon log the agent in and resume the session. */
export async function terminalLogin(ports: LoginPorts, s: Session, method: AuthMethod): Promise<LoginOutcome> {
  const login = await ports.api.loginCommand({ params: { id: s.id }, query: { methodId: method.id } });
  const exitCode = await ports.runInTerminal(login);
  if (exitCode !== 0) {
    const how = exitCode === undefined ? 'ended' : `ended with exit code ${exitCode}`;
    const go = await ports.retryAnyway(`The ${s.agent} login ${how}. Ask the agent anyway?`);
    if (!go) return { kind: 'abandoned', exitCode };
  }
  const { session } = await ports.api.authenticate({ params: { id: s.id }, body: { methodId: method.id } });
  return { kind: 'resumed', session };
}
