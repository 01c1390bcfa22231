// Starting and stopping the daemon process. Start spawns the daemon bundle detached (it must
// outlive this CLI and the terminal) and waits for a real readiness signal: a discovery file
// naming the child's pid AND a health answer. Stop asks politely over HTTP, then escalates.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Discovery } from '../daemon/protocol/discovery.js';
import type { Health } from '../daemon/protocol/routes.js';
import { SwitchboardError } from '../daemon/protocol/errors.js';
import type { CommandContext } from './context.js';
import { isPidAlive } from './discovery.js';

export const START_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

export interface RunningDaemon {
  discovery: Discovery;
  health: Health;
}

/** The daemon named by the discovery file, if it answers a health probe. */
export async function probeDaemon(ctx: CommandContext, timeoutMs = 2_000): Promise<RunningDaemon | null> {
  const discovery = ctx.discovery();
  if (!discovery) return null;
  try {
    const health = await ctx.clientFor(discovery, timeoutMs).api.health();
    return { discovery, health };
  } catch {
    return null;
  }
}

/**
 * `daemon.cjs` next to the CLI bundle. When the CLI runs from source (tsx, in development and
 * tests) the bundle is in `dist/` beside the source folder instead.
 */
export function locateDaemonBundle(cliDir: string): string {
  const candidates = [join(cliDir, 'daemon.cjs'), join(cliDir, '..', 'dist', 'daemon.cjs')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new SwitchboardError('internal', `the daemon bundle was not found at ${candidates[0]}; build it with \`npm run build\``);
  }
  return found;
}

/** What `daemon start` passes on: the port, and the default sandbox of agents (`--sandbox`). */
export interface DaemonStartOptions {
  port?: number | undefined;
  sandbox?: string | undefined;
}

export function daemonArgs(bundle: string, home: string, o: DaemonStartOptions): string[] {
  return [bundle, '--home', home, ...(o.port !== undefined ? ['--port', String(o.port)] : []), ...(o.sandbox !== undefined ? ['--sandbox', o.sandbox] : [])];
}

function daemonOutPath(home: string): string {
  return join(home, 'logs', 'daemon.out');
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The last lines the daemon wrote since `offset`: what a person needs when it would not start. */
export function outputTail(path: string, offset: number, lines = 20): string {
  try {
    const text = readFileSync(path).subarray(offset).toString('utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Spawns the daemon detached and resolves once it is ready; throws with its output if it dies. */
export async function startDetached(ctx: CommandContext, o: DaemonStartOptions): Promise<RunningDaemon> {
  const bundle = locateDaemonBundle(ctx.cliDir);
  mkdirSync(ctx.home, { recursive: true, mode: 0o700 });
  mkdirSync(join(ctx.home, 'logs'), { recursive: true, mode: 0o700 });
  const outPath = daemonOutPath(ctx.home);
  const offset = sizeOf(outPath);
  const fd = openSync(outPath, 'a', 0o600);
  // Filled in by the child's callbacks; an object so the polling loop reads the live values.
  const child: { pid?: number; exited?: { code: number | null; signal: string | null }; error?: Error } = {};
  try {
    const proc = spawn(process.execPath, daemonArgs(bundle, ctx.home, o), {
      detached: true,
      stdio: ['ignore', fd, fd],
      windowsHide: true,
      env: { ...ctx.io.env },
    });
    child.pid = proc.pid;
    proc.on('error', (err) => (child.error = err));
    proc.on('exit', (code, signal) => (child.exited = { code, signal }));
    proc.unref();
  } finally {
    closeSync(fd);
  }

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.error) throw new SwitchboardError('internal', `could not start the daemon: ${child.error.message}`);
    if (child.exited) {
      const { code, signal } = child.exited;
      const tail = outputTail(outPath, offset);
      throw new SwitchboardError(
        'unavailable',
        `the daemon exited during startup (${code !== null ? `exit code ${code}` : `signal ${signal ?? '?'}`})${tail ? `; its output:\n${tail}` : ''}`,
      );
    }
    const discovery = ctx.discovery();
    if (discovery && discovery.pid === child.pid) {
      try {
        const health = await ctx.clientFor(discovery, 1_000).api.health();
        return { discovery, health };
      } catch {
        // Listening but not answering yet: keep polling until the deadline.
      }
    }
    await delay(POLL_MS);
  }
  const tail = outputTail(outPath, offset);
  throw new SwitchboardError(
    'unavailable',
    `the daemon (pid ${child.pid ?? '?'}) did not become ready within ${START_TIMEOUT_MS / 1000} s; see ${outPath}${tail ? `\n${tail}` : ''}`,
  );
}

/** `daemon start --foreground`: the daemon in this terminal; signals are passed on to it. */
export async function runForeground(ctx: CommandContext, o: DaemonStartOptions): Promise<number> {
  const bundle = locateDaemonBundle(ctx.cliDir);
  const child = spawn(process.execPath, daemonArgs(bundle, ctx.home, o), { stdio: 'inherit', env: { ...ctx.io.env } });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/** Waits until `pid` is gone; false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await delay(POLL_MS);
  }
  return !isPidAlive(pid);
}

/**
 * Asks the daemon to shut down, waits for its pid to go, then SIGTERM, then SIGKILL. Returns how
 * it ended. The caller has verified through health that `pid` is the daemon.
 */
export async function stopDaemon(ctx: CommandContext, running: RunningDaemon): Promise<'shutdown' | 'sigterm' | 'sigkill'> {
  const pid = running.health.pid;
  try {
    await ctx.clientFor(running.discovery, 5_000).api.shutdown();
  } catch {
    // The daemon may close the connection as it goes; its pid is the real answer.
  }
  if (await waitForExit(pid, 10_000)) return 'shutdown';
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, 5_000)) return 'sigterm';
  signal(pid, 'SIGKILL');
  if (await waitForExit(pid, 2_000)) return 'sigkill';
  throw new SwitchboardError('internal', `the daemon (pid ${pid}) did not exit, even after SIGKILL`);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
