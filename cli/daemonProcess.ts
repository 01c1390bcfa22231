// `daemon start|stop` as the CLI does them: the daemon bundle next to the CLI, run by this Node;
// client/ spawns it detached and waits for readiness, and its failures become the CLI's errors.
// The foreground mode (the daemon in this terminal) is the CLI's alone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SwitchboardError } from '../daemon/protocol/errors.js';
import { daemonArgs, spawnDaemon, type DaemonFlags } from '../client/daemonSpawn.js';
import type { RunningDaemon } from '../client/daemonProbe.js';
import { stopDaemon as stopDaemonProcess } from '../client/daemonStop.js';
import type { CommandContext } from './context.js';

export const START_TIMEOUT_MS = 15_000;

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
export type DaemonStartOptions = DaemonFlags;

/** Spawns the daemon detached and resolves once it is ready; throws with its output if it dies. */
export async function startDetached(ctx: CommandContext, o: DaemonStartOptions): Promise<RunningDaemon> {
  const r = await spawnDaemon({
    nodePath: process.execPath,
    bundlePath: locateDaemonBundle(ctx.cliDir),
    home: ctx.home,
    port: o.port,
    sandbox: o.sandbox,
    env: { ...ctx.io.env },
    timeoutMs: START_TIMEOUT_MS,
  });
  if (r.ok) return { discovery: r.discovery, health: r.health };
  switch (r.reason) {
    case 'spawn_error':
      throw new SwitchboardError('internal', r.message);
    case 'exited':
      throw new SwitchboardError('unavailable', `${r.message}${r.output ? `; its output:\n${r.output}` : ''}`);
    case 'timeout':
      throw new SwitchboardError('unavailable', `${r.message}${r.output ? `\n${r.output}` : ''}`);
  }
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

/**
 * Asks the daemon to shut down, then escalates; returns how it ended. The caller has verified
 * through health that `running.health.pid` is the daemon.
 */
export async function stopDaemon(running: RunningDaemon): Promise<'shutdown' | 'sigterm' | 'sigkill'> {
  const pid = running.health.pid;
  const how = await stopDaemonProcess(running.discovery, pid);
  if (how === 'survived') throw new SwitchboardError('internal', `the daemon (pid ${pid}) did not exit, even after SIGKILL`);
  return how;
}
