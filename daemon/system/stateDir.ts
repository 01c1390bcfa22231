// Where the daemon keeps everything: one private directory per user (or per `--home`), and the
// one place that knows the layout inside it.
import { chmod, mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { DEFAULT_HOME_DIRNAME, DISCOVERY_FILE, HOME_ENV } from '../protocol/discovery.js';

export const STATE_DIR_MODE = 0o700;

export interface StatePaths {
  home: string;
  discovery: string;
  lock: string;
  db: string;
  logsDir: string;
  daemonLog: string;
  sessionLogsDir: string;
  worktreesDir: string;
  agentHomesDir: string;
  artifactsDir: string;
  sessionLog(sessionId: string): string;
  agentHome(template: string): string;
  artifactDir(sessionId: string): string;
}

export interface ResolveHomeOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The user's home directory; defaults to os.homedir(). */
  userHome?: string;
  cwd?: string;
}

/** `--home <dir>` / `--home=<dir>`, else `$SWITCHBOARD_HOME`, else `~/.switchboard`; always absolute. */
export function resolveHome(opts: ResolveHomeOptions = {}): string {
  const argv = opts.argv ?? process.argv.slice(2);
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const userHome = opts.userHome ?? homedir();
  const fromArg = homeArg(argv);
  const chosen = fromArg ?? nonEmpty(env[HOME_ENV]) ?? path.join(userHome, DEFAULT_HOME_DIRNAME);
  return path.resolve(cwd, expandTilde(chosen, userHome));
}

function homeArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--home') return nonEmpty(argv[i + 1]);
    if (a?.startsWith('--home=')) return nonEmpty(a.slice('--home='.length));
  }
  return undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

// Shells expand `~` before we see it, but env files and quoted arguments do not.
function expandTilde(p: string, userHome: string): string {
  if (p === '~') return userHome;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(userHome, p.slice(2));
  return p;
}

/**
 * Ids become file names; anything that could climb out of its folder or hide a separator is
 * refused, so a hostile id can never address a file outside the state dir.
 */
function safeName(kind: string, value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value) || value.includes('..')) {
    throw new Error(`invalid ${kind} for a file name: ${JSON.stringify(value)}`);
  }
  return value;
}

/** The layout, computed without touching the disk. */
export function statePaths(home: string): StatePaths {
  const logsDir = path.join(home, 'logs');
  const sessionLogsDir = path.join(logsDir, 'sessions');
  const agentHomesDir = path.join(home, 'agent-homes');
  const artifactsDir = path.join(home, 'artifacts');
  return {
    home,
    discovery: path.join(home, DISCOVERY_FILE),
    lock: path.join(home, 'daemon.lock'),
    db: path.join(home, 'state.db'),
    logsDir,
    daemonLog: path.join(logsDir, 'daemon.log'),
    sessionLogsDir,
    worktreesDir: path.join(home, 'worktrees'),
    agentHomesDir,
    artifactsDir,
    sessionLog: (id) => path.join(sessionLogsDir, `${safeName('session id', id)}.log`),
    agentHome: (template) => path.join(agentHomesDir, safeName('template name', template)),
    artifactDir: (id) => path.join(artifactsDir, safeName('session id', id)),
  };
}

/**
 * Creates the state dir and its folders, private to the user (0700). An existing dir with a wider
 * mode is narrowed: it holds the token and agents' credentials.
 */
export async function ensureStateDir(home: string): Promise<StatePaths> {
  const paths = statePaths(home);
  await mkdir(home, { recursive: true, mode: STATE_DIR_MODE });
  await narrowMode(home);
  for (const dir of [paths.logsDir, paths.sessionLogsDir, paths.worktreesDir, paths.agentHomesDir, paths.artifactsDir]) {
    await mkdir(dir, { recursive: true, mode: STATE_DIR_MODE });
  }
  return paths;
}

async function narrowMode(dir: string): Promise<void> {
  // POSIX modes mean nothing on Windows; the user profile's ACLs protect the dir there.
  if (process.platform === 'win32') return;
  const st = await stat(dir);
  if ((st.mode & 0o777) !== STATE_DIR_MODE) await chmod(dir, STATE_DIR_MODE);
}
