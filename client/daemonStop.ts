// Stopping a daemon: ask politely over HTTP, wait for its pid to go, then SIGTERM, then SIGKILL.
import type { Discovery } from '../daemon/protocol/discovery.js';
import { clientFor } from './daemonProbe.js';
import { waitForPidExit } from './processAlive.js';

/** How it ended; `survived`: it was still there after SIGKILL. */
export type StopOutcome = 'shutdown' | 'sigterm' | 'sigkill' | 'survived';

/**
 * The caller has reason to believe `pid` is the daemon (a health answer, or the discovery file
 * it just used): a reused pid would otherwise get the signals.
 */
export async function stopDaemon(discovery: Discovery, pid: number = discovery.pid): Promise<StopOutcome> {
  try {
    await clientFor(discovery, 5_000).api.shutdown();
  } catch {
    // It may close the connection as it goes, or be gone already; its pid is the real answer.
  }
  if (await waitForPidExit(pid, 10_000)) return 'shutdown';
  signal(pid, 'SIGTERM');
  if (await waitForPidExit(pid, 5_000)) return 'sigterm';
  signal(pid, 'SIGKILL');
  if (await waitForPidExit(pid, 2_000)) return 'sigkill';
  return 'survived';
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
