// Which state dir this window's daemon lives in: client/'s rule (the one the CLI and the daemon
// use, so every window, the CLI and a daemon started by hand meet at one discovery file), with the
// `switchboard.stateDir` setting in place of `--home`. A relative path is taken from the user's
// home: the extension host's working directory means nothing to a person.
import path from 'node:path';
import { resolveHome } from '../../client/stateDir.js';

export function resolveStateDir(setting: string, env: Record<string, string | undefined>, userHome: string): string {
  return resolveHome({ flag: setting.trim(), env, cwd: userHome, userHome });
}

/** Where the daemon points an agent's HOME (its logins live there): `<stateDir>/agent-homes/<agent>`. */
export function agentHomeDir(stateDir: string, agent: string): string {
  return path.join(stateDir, 'agent-homes', agent);
}
