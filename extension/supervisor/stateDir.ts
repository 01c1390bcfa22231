// Which state dir this window's daemon lives in. The same rule as the daemon's and the CLI's
// (`--home`, else `$SWITCHBOARD_HOME`, else `~/.switchboard`) with the setting in place of the
// flag, so every window, the CLI and a daemon started by hand all meet at one discovery file.
import path from 'node:path';
import { DEFAULT_HOME_DIRNAME, DISCOVERY_FILE, HOME_ENV } from '../../daemon/protocol/discovery.js';

export function resolveStateDir(setting: string, env: Record<string, string | undefined>, userHome: string): string {
  const chosen = nonEmpty(setting) ?? nonEmpty(env[HOME_ENV]) ?? path.join(userHome, DEFAULT_HOME_DIRNAME);
  return path.resolve(userHome, expandTilde(chosen, userHome));
}

export function discoveryPath(stateDir: string): string {
  return path.join(stateDir, DISCOVERY_FILE);
}

/** Where the daemon points an agent's HOME (its logins live there): `<stateDir>/agent-homes/<agent>`. */
export function agentHomeDir(stateDir: string, agent: string): string {
  return path.join(stateDir, 'agent-homes', agent);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

function expandTilde(p: string, userHome: string): string {
  if (p === '~') return userHome;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(userHome, p.slice(2));
  return p;
}
