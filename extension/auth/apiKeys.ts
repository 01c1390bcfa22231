// API-key logins. The key is asked for once and kept in VS Code's SecretStorage (the OS
// keychain), never in settings, files or logs.
//
// Handing it to the daemon is the open part, decided deliberately: today the only way to give
// an agent an environment variable is a custom agent template (`addAgent` with `env`), which the
// daemon stores in its SQLite database — private (0700 directory) and redacted from every log
// and API answer, but still plain text on disk, which issue 3 rules out. So this extension does
// NOT write the key through `addAgent`. Until the daemon grows an in-memory secret hand-off
// (e.g. `PUT /agents/:name/secrets`, kept only in the daemon's memory and re-sent by the
// extension from SecretStorage after a daemon restart), the person is told how to configure the
// key for the agent itself, and the stored key is ready for that route.
import * as vscode from 'vscode';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';
import type { CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';
import { agentHomeDir } from '../supervisor/stateDir.js';

export function secretKey(agent: string, methodId: string): string {
  return `switchboard.apiKey/${agent}/${methodId}`;
}

export async function askForApiKey(deps: CommandDeps, s: Session, method: AuthMethod | null): Promise<void> {
  const home = agentHomeDir(deps.connection.stateDir, s.agent);
  if (method) {
    const key = secretKey(s.agent, method.id);
    const existing = await deps.context.secrets.get(key);
    if (!existing) {
      const value = await vscode.window.showInputBox({
        title: `${s.agent}: ${method.name}`,
        prompt: method.description ?? `The API key for ${s.agent}. It is kept in VS Code's secret storage.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Paste the key' : undefined),
      });
      if (!value) return;
      await deps.context.secrets.store(key, value.trim());
      deps.log.info(`stored an API key for ${s.agent} (${method.id}) in secret storage`);
    }
  }
  const resume = 'Resume Session';
  const choice = await vscode.window.showWarningMessage(
    `${s.agent} needs credentials${method ? ` (${method.name})` : ''}. Switchboard does not yet pass API keys to its daemon ` +
      `(that would store them on disk). Configure the key the way ${s.agent} reads it — its home is ${home} — then resume.`,
    resume,
  );
  if (choice === resume) await vscode.commands.executeCommand(COMMANDS.resume, s.id);
}
