// Finding the daemon: the state directory, its discovery file, and whether a pid still lives.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_HOME_DIRNAME, DISCOVERY_FILE, DiscoverySchema, HOME_ENV, type Discovery } from '../daemon/protocol/discovery.js';
import { SwitchboardError } from '../daemon/protocol/errors.js';

export const NOT_RUNNING_MESSAGE = 'the daemon is not running; start it with `switchboard daemon start`';

/** `--home`, else `$SWITCHBOARD_HOME`, else `~/.switchboard`; always absolute. */
export function resolveHome(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  if (flag !== undefined && flag !== '') return resolve(cwd, flag);
  const fromEnv = env[HOME_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(cwd, fromEnv);
  return join(homedir(), DEFAULT_HOME_DIRNAME);
}

export function discoveryPath(home: string): string {
  return join(home, DISCOVERY_FILE);
}

/** The discovery file, or null when it is missing or unreadable (a daemon mid-write, or none). */
export function readDiscovery(home: string): Discovery | null {
  let text: string;
  try {
    text = readFileSync(discoveryPath(home), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = DiscoverySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function notRunning(): SwitchboardError {
  return new SwitchboardError('unavailable', NOT_RUNNING_MESSAGE);
}

/**
 * Whether a process exists. EPERM means it exists but belongs to someone else. On Linux a zombie
 * (exited, not yet reaped — common for a detached daemon whose parent is a minimal init) counts
 * as gone, since it will never answer again.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The state letter follows the parenthesised command name, which may itself hold spaces.
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return false;
    } catch {
      return false;
    }
  }
  return true;
}
