// "Log in" for a session waiting with `auth_required`. Terminal-type methods (the agent's own
// login command, from ACP `type: "terminal"` or `_meta["terminal-auth"]`) run in a VS Code
// terminal with HOME set to the agent's own home under the state dir — the HOME the daemon
// gives that agent — so the credentials land where the agent will look for them. When the
// login command exits successfully, the session is offered a Resume.
//
// API-key methods: see apiKeys.ts for why the key is kept in SecretStorage and what the daemon
// still lacks to receive it without writing it to disk.
import * as vscode from 'vscode';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';
import { clientOf, registerCommand, type CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { resolveSession } from '../commands/pickers.js';
import { sessionTitle } from '../model/sessionPresentation.js';
import { agentHomeDir } from '../supervisor/stateDir.js';
import { askForApiKey } from './apiKeys.js';

/** The environment of a login terminal: the agent's own HOME (and USERPROFILE on Windows). */
export function loginEnv(stateDir: string, agent: string, platform: NodeJS.Platform = process.platform): Record<string, string> {
  const home = agentHomeDir(stateDir, agent);
  return platform === 'win32' ? { HOME: home, USERPROFILE: home } : { HOME: home };
}

export function registerLoginCommand(deps: CommandDeps): vscode.Disposable[] {
  return [
    registerCommand(deps, COMMANDS.login, async (arg: unknown) => {
      const found = await resolveSession(deps, arg, 'login', 'Log in for which session?');
      if (!found) return;
      // The tree may lag a moment behind `agent.started`, which carries the methods: ask the daemon.
      const s = (await (await clientOf(deps)).api.getSession({ params: { id: found.id } })).session;
      const method = await pickMethod(s);
      if (method === undefined) return;
      if (method?.terminalCommand && method.terminalCommand.length > 0) {
        await runTerminalLogin(deps, s, method, method.terminalCommand);
      } else {
        await askForApiKey(deps, s, method);
      }
    }),
  ];
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

async function runTerminalLogin(deps: CommandDeps, s: Session, method: AuthMethod, command: string[]): Promise<void> {
  const [shellPath, ...shellArgs] = command;
  const terminal = vscode.window.createTerminal({
    name: `${s.agent} login`,
    shellPath: shellPath!,
    shellArgs,
    cwd: s.cwd,
    env: loginEnv(deps.connection.stateDir, s.agent),
    iconPath: new vscode.ThemeIcon('key'),
    message: `Logging ${s.agent} in (${method.name}). Its credentials are kept in its own home, ${agentHomeDir(deps.connection.stateDir, s.agent)}.`,
  });
  terminal.show();
  deps.log.info(`login for ${s.agent} (${method.id}) started in a terminal`);
  const code = await new Promise<number | undefined>((resolve) => {
    const sub = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      sub.dispose();
      resolve(t.exitStatus?.code);
    });
  });
  const resume = 'Resume Session';
  const message =
    code === 0
      ? `${s.agent} login finished. Resume "${sessionTitle(s)}"?`
      : `The ${s.agent} login ended${code === undefined ? '' : ` with exit code ${code}`}. Resume "${sessionTitle(s)}" anyway?`;
  const choice = await (code === 0 ? vscode.window.showInformationMessage(message, resume) : vscode.window.showWarningMessage(message, resume));
  if (choice === resume) await vscode.commands.executeCommand(COMMANDS.resume, s.id);
}
