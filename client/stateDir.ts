// Which state dir a daemon lives in, and where its files are inside it. Every client (the CLI,
// every VS Code window) must compute the same directory from the same inputs, or they start two
// daemons for one user. The daemon applies the same rule to its own `--home` in
// daemon/system/stateDir.ts (it cannot import this folder); test/client/stateDir.test.ts holds
// the two together.
import { homedir } from 'node:os';
import path from 'node:path';
import { DEFAULT_HOME_DIRNAME, DISCOVERY_FILE, HOME_ENV } from '../daemon/protocol/discovery.js';

export interface HomeInputs {
  /** `--home` (the CLI) or the `switchboard.stateDir` setting (the extension). */
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  /** What a relative path is relative to. */
  cwd: string;
  /** The user's home directory, what `~` means; defaults to os.homedir(). */
  userHome?: string;
}

/** The flag, else `$SWITCHBOARD_HOME`, else `~/.switchboard`; `~` expanded; always absolute. */
export function resolveHome(inputs: HomeInputs): string {
  const userHome = inputs.userHome ?? homedir();
  const chosen = nonEmpty(inputs.flag) ?? nonEmpty(inputs.env[HOME_ENV]) ?? path.join(userHome, DEFAULT_HOME_DIRNAME);
  return path.resolve(inputs.cwd, expandTilde(chosen, userHome));
}

export function discoveryPath(home: string): string {
  return path.join(home, DISCOVERY_FILE);
}

/** Where a daemon started detached writes its stdout and stderr (the reason it would not start). */
export function daemonOutPath(home: string): string {
  return path.join(home, 'logs', 'daemon.out');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

// Shells expand `~` before we see it, but env files, VS Code settings and quoted arguments do not.
function expandTilde(p: string, userHome: string): string {
  if (p === '~') return userHome;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(userHome, p.slice(2));
  return p;
}
