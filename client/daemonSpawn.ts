// Starting the daemon detached (it must outlive whoever started it: the CLI's terminal, a VS Code
// window; everyone shares it) and waiting for a real readiness signal: a discovery file naming
// OUR child's pid, and a health answer. If the child dies first, its output tail says why.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readDiscovery } from './discoveryFile.js';
import { probeHealth, type RunningDaemon } from './daemonProbe.js';
import { daemonOutPath } from './stateDir.js';

export const START_TIMEOUT_MS = 20_000;
const POLL_MS = 100;
const STATE_DIR_MODE = 0o700;

/** What the daemon is told on its command line besides its state dir. */
export interface DaemonFlags {
  /** Absent: `$SWITCHBOARD_PORT`, else an ephemeral port. */
  port?: number | undefined;
  /** The default sandbox of agents (`--sandbox`); absent: the daemon's own default. */
  sandbox?: string | undefined;
  /** Fleet limits and where worktrees go (daemon/fleetOptions.ts); each absent: the daemon's own default. */
  maxAgents?: number | undefined;
  memoryFloorMb?: number | undefined;
  stallSeconds?: number | undefined;
  worktreeRoot?: string | undefined;
  /** `--log-level` (error, warn, info, debug); absent: $SWITCHBOARD_LOG_LEVEL, else info. */
  logLevel?: string | undefined;
}

export interface SpawnDaemonOptions extends DaemonFlags {
  /** The Node binary that runs the bundle. */
  nodePath: string;
  bundlePath: string;
  home: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Why a start failed: the process could not be spawned, it exited, or it never became ready. */
export type SpawnFailure = 'spawn_error' | 'exited' | 'timeout';

export type SpawnResult =
  | ({ ok: true } & RunningDaemon)
  /** `output`: the tail of what the child wrote to `outPath` during this start. */
  | { ok: false; reason: SpawnFailure; message: string; output: string; outPath: string };

export function daemonArgs(bundlePath: string, home: string, flags: DaemonFlags): string[] {
  return [
    bundlePath,
    '--home',
    home,
    ...(flags.port !== undefined ? ['--port', String(flags.port)] : []),
    ...(flags.sandbox !== undefined ? ['--sandbox', flags.sandbox] : []),
    ...(flags.maxAgents !== undefined ? ['--max-agents', String(flags.maxAgents)] : []),
    ...(flags.memoryFloorMb !== undefined ? ['--memory-floor-mb', String(flags.memoryFloorMb)] : []),
    ...(flags.stallSeconds !== undefined ? ['--stall-seconds', String(flags.stallSeconds)] : []),
    ...(flags.worktreeRoot !== undefined ? ['--worktree-root', flags.worktreeRoot] : []),
    ...(flags.logLevel !== undefined ? ['--log-level', flags.logLevel] : []),
  ];
}

/** The last lines written to `file` since `offset`: what a person needs when it would not start. */
export function outputTail(file: string, offset: number, lines = 20): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

interface ChildFate {
  pid?: number | undefined;
  exited?: string;
  error?: Error;
}

/** Spawns the daemon detached with its output appended to `logs/daemon.out`; `fate` fills in as it lives. */
function spawnDetached(o: SpawnDaemonOptions, outPath: string): ChildFate {
  mkdirSync(o.home, { recursive: true, mode: STATE_DIR_MODE });
  mkdirSync(path.dirname(outPath), { recursive: true, mode: STATE_DIR_MODE });
  const fd = openSync(outPath, 'a', 0o600);
  // An object so the polling loop reads the live values the child's callbacks write.
  const fate: ChildFate = {};
  try {
    const proc = spawn(o.nodePath, daemonArgs(o.bundlePath, o.home, o), {
      detached: true,
      stdio: ['ignore', fd, fd],
      windowsHide: true,
      env: o.env,
      ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
    });
    fate.pid = proc.pid;
    proc.on('error', (err) => (fate.error = err));
    proc.on('exit', (code, signal) => (fate.exited = code !== null ? `exit code ${code}` : `signal ${signal ?? '?'}`));
    proc.unref();
  } finally {
    closeSync(fd);
  }
  return fate;
}

export async function spawnDaemon(o: SpawnDaemonOptions): Promise<SpawnResult> {
  const outPath = daemonOutPath(o.home);
  const offset = sizeOf(outPath);
  const fate = spawnDetached(o, outPath);
  const fail = (reason: SpawnFailure, message: string, output = outputTail(outPath, offset)): SpawnResult => ({ ok: false, reason, message, output, outPath });

  const timeoutMs = o.timeoutMs ?? START_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fate.error) return fail('spawn_error', `could not start the daemon: ${fate.error.message}`, '');
    if (fate.exited) return fail('exited', `the daemon exited during startup (${fate.exited})`);
    const discovery = readDiscovery(o.home);
    if (discovery && discovery.pid === fate.pid) {
      // Listening but not answering yet reads as null: keep polling until the deadline.
      const health = await probeHealth(discovery, 1_000);
      if (health) return { ok: true, discovery, health };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return fail('timeout', `the daemon (pid ${fate.pid ?? '?'}) did not become ready within ${timeoutMs / 1000} s; see ${outPath}`);
}
