// "Log in" for a session waiting with `auth_required` (command `switchboard.login`, arguments: a
// session id or tree node, and optionally the id of the method to use instead of asking; offered by the attention notifier, the chat panel and the daemon menu).
// Terminal-type methods (ACP `type: "terminal"`, or `_meta["terminal-auth"]`) run in a VS Code
// terminal with the command line, env (the agent's own HOME under the state dir) and cwd the
// daemon gives (loginCommand route); when the terminal closes with exit status 0 the daemon is
// asked to log the agent in (authenticate route), which starts it again and resumes the session.
// Methods the agent handles itself go straight to `authenticate`; env-var methods prompt for the
// key into SecretStorage (apiKeys.ts). The steps themselves are in loginFlow.ts.
import * as vscode from 'vscode';
import type { TerminalLogin } from '../../daemon/protocol/agentFeatureRoutes.js';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { clientOf, registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { resolveSession } from '../commands/pickers.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { askForApiKey } from './apiKeys.js';
import { loginKind, terminalLogin, type LoginPorts } from './loginFlow.js';

export function registerLoginCommand(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.login, async (arg: unknown, methodId?: unknown) => {
      const found = await resolveSession(deps, arg, 'login', 'Log in for which session?');
      if (!found) return;
      const client = await clientOf(deps);
      // The tree may lag a moment behind `agent.started`, which carries the methods: ask the daemon.
      const s = (await client.api.getSession({ params: { id: found.id } })).session;
      const method = s.authMethods.find((m) => m.id === methodId) ?? (await pickMethod(s));
      if (method === undefined) return;
      const kind = method === null ? 'env_var' : loginKind(method);
      if (kind === 'env_var') return askForApiKey(deps, s, method);
      if (kind === 'agent') return agentLogin(deps, client.api, s, method!);
      const outcome = await terminalLogin(vscodePorts(deps, client.api, s, method!), s, method!);
      if (outcome.kind === 'resumed') deps.log.info(`login for ${s.agent} (${method!.id}) done; session ${s.shortId} is ${outcome.session.state}`);
    }),
  ];
}

/**
 * A method the agent handles itself. Many of them read a key from the agent's environment
 * (Gemini's "Use Gemini API key"), so a refusal offers to enter one.
 */
async function agentLogin(deps: CommandDeps, api: LoginPorts['api'], s: Session, method: AuthMethod): Promise<void> {
  try {
    const { session } = await api.authenticate({ params: { id: s.id }, body: { methodId: method.id } });
    void vscode.window.showInformationMessage(`${s.agent} is logged in; "${sessionTitle(session)}" is ${session.state.replace(/_/g, ' ')}.`);
  } catch (err) {
    if (!SwitchboardError.is(err, 'agent_refused')) throw err;
    const enterKey = 'Enter a Key';
    if ((await vscode.window.showWarningMessage(err.message, enterKey)) === enterKey) await askForApiKey(deps, s, method);
  }
}

/** undefined: cancelled; null: the agent named no method. */
async function pickMethod(s: Session): Promise<AuthMethod | null | undefined> {
  if (s.authMethods.length === 0) return null;
  if (s.authMethods.length === 1) return s.authMethods[0]!;
  const picked = await vscode.window.showQuickPick(
    s.authMethods.map((m) => ({
      label: m.name,
      description: m.terminalCommand ? 'in a terminal' : undefined,
      detail: m.description ?? undefined,
      method: m,
    })),
    { placeHolder: `How should ${s.agent} log in?` },
  );
  return picked?.method;
}

function vscodePorts(deps: CommandDeps, api: LoginPorts['api'], s: Session, method: AuthMethod): LoginPorts {
  return {
    api,
    runInTerminal: (login) => runInVsCodeTerminal(deps, s, method, login),
    retryAnyway: async (message) => (await vscode.window.showWarningMessage(message, 'Ask the Agent')) === 'Ask the Agent',
  };
}

/** Opens the login in a terminal of its own and resolves with its exit status once it closes. */
async function runInVsCodeTerminal(deps: CommandDeps, s: Session, method: AuthMethod, login: TerminalLogin): Promise<number | undefined> {
  const [shellPath, ...shellArgs] = login.command;
  const terminal = vscode.window.createTerminal({
    name: `${s.agent} login`,
    shellPath: shellPath!,
    shellArgs,
    cwd: login.cwd,
    env: login.env,
    iconPath: new vscode.ThemeIcon('key'),
    message: `Logging ${s.agent} in (${method.name}). Its credentials are kept in its own home, ${login.env.HOME ?? ''}.`,
  });
  terminal.show();
  deps.log.info(`login for ${s.agent} (${method.id}) started in a terminal`);
  return new Promise<number | undefined>((resolve) => {
    const sub = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      sub.dispose();
      resolve(t.exitStatus?.code);
    });
  });
}
