// API-key logins. The key is asked for once and kept in VS Code's SecretStorage (the OS keychain),
// never in settings, files or logs. It reaches the daemon through `setAgentSecrets`, which holds it
// in memory only (never in its database, logs or events); because a restarted daemon has forgotten
// it, every window re-sends its stored keys whenever it (re)connects to a daemon.
import * as vscode from 'vscode';
import type { SwitchboardClient } from '../../daemon/protocol/client.js';
import type { AuthMethod, Session } from '../../daemon/protocol/entities.js';
import type { CommandDeps } from '../commands/commandContext.js';
import { COMMANDS } from '../commands/commandIds.js';

/** globalState: which (agent, variable) pairs have a key in SecretStorage (it cannot list its keys). */
const INDEX = 'switchboard.apiKeyIndex';
type IndexEntry = { agent: string; envName: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variable each built-in agent reads its key from; a guess the person can change. */
const KNOWN_ENV: Record<string, string> = {
  claude: 'ANTHROPIC_API_KEY',
  codex: 'OPENAI_API_KEY',
  gemini: 'GEMINI_API_KEY',
  qwen: 'OPENAI_API_KEY',
  copilot: 'GITHUB_TOKEN',
  opencode: 'OPENAI_API_KEY',
};

export function secretKey(agent: string, envName: string): string {
  return `switchboard.apiKey/${agent}/${envName}`;
}

export function guessEnvName(agent: string, method: AuthMethod | null): string {
  const declared = method?.envVars?.find((v) => ENV_NAME.test(v));
  if (declared) return declared;
  if (method && ENV_NAME.test(method.id) && method.id === method.id.toUpperCase()) return method.id;
  return KNOWN_ENV[agent] ?? `${agent.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

export async function askForApiKey(deps: CommandDeps, s: Session, method: AuthMethod | null): Promise<void> {
  const envName = await vscode.window.showInputBox({
    title: `${s.agent}: ${method?.name ?? 'API key'}`,
    prompt: 'The environment variable the agent reads its key from',
    value: guessEnvName(s.agent, method),
    ignoreFocusOut: true,
    validateInput: (v) => (ENV_NAME.test(v) ? undefined : 'Letters, digits and underscores, not starting with a digit'),
  });
  if (!envName) return;
  const value = await vscode.window.showInputBox({
    title: `${s.agent}: ${envName}`,
    prompt: method?.description ?? `The key for ${s.agent}. It is kept in VS Code's secret storage and handed to the daemon in memory only.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Paste the key' : undefined),
  });
  if (!value) return;
  await deps.context.secrets.store(secretKey(s.agent, envName), value.trim());
  const index = deps.context.globalState.get<IndexEntry[]>(INDEX, []).filter((e) => !(e.agent === s.agent && e.envName === envName));
  await deps.context.globalState.update(INDEX, [...index, { agent: s.agent, envName }]);
  deps.log.info(`stored an API key for ${s.agent} (${envName}) in secret storage`);
  const client = await deps.connection.whenUp();
  await client.api.setAgentSecrets({ params: { name: s.agent }, body: { env: { [envName]: value.trim() } } });
  if (method && method.terminalCommand === undefined) {
    // The agent checks the key itself (ACP `authenticate`), and the session resumes.
    const { session } = await client.api.authenticate({ params: { id: s.id }, body: { methodId: method.id } });
    void vscode.window.showInformationMessage(`${s.agent} took the key; the session is ${session.state.replace(/_/g, ' ')}.`);
    return;
  }
  const resume = 'Resume Session';
  const choice = await vscode.window.showInformationMessage(`The ${s.agent} key is handed to the daemon (in memory only). Resume the session?`, resume);
  if (choice === resume) await vscode.commands.executeCommand(COMMANDS.resume, s.id);
}

/** Re-sends every stored key; called whenever this window finds a daemon up. */
export async function pushStoredKeys(context: vscode.ExtensionContext, client: SwitchboardClient, log: { warn(m: string): void }): Promise<void> {
  const byAgent = new Map<string, Record<string, string>>();
  for (const { agent, envName } of context.globalState.get<IndexEntry[]>(INDEX, [])) {
    const value = await context.secrets.get(secretKey(agent, envName));
    if (value) byAgent.set(agent, { ...byAgent.get(agent), [envName]: value });
  }
  for (const [agent, env] of byAgent) {
    await client.api.setAgentSecrets({ params: { name: agent }, body: { env } }).catch((err: unknown) => {
      log.warn(`could not hand the stored ${agent} key to the daemon: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}
