// Is the daemon named by a discovery file really there? Only a health answer says so: the file
// outlives a killed daemon, and its pid may have been reused.
import { SwitchboardClient, daemonBaseUrl } from '../daemon/protocol/client.js';
import type { Discovery } from '../daemon/protocol/discovery.js';
import type { Health } from '../daemon/protocol/routes.js';
import { readDiscovery } from './discoveryFile.js';

export const PROBE_TIMEOUT_MS = 2_000;

export interface RunningDaemon {
  discovery: Discovery;
  health: Health;
}

/** The typed client for the daemon a discovery file names. */
export function clientFor(d: Discovery, timeoutMs?: number): SwitchboardClient {
  return new SwitchboardClient({ baseUrl: daemonBaseUrl(d.port), token: d.token, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
}

/** Its health answer, or null when nothing answers in time. */
export async function probeHealth(d: Discovery, timeoutMs = PROBE_TIMEOUT_MS): Promise<Health | null> {
  try {
    return await clientFor(d, timeoutMs).api.health();
  } catch {
    return null;
  }
}

/** The daemon of this state dir, if its discovery file names one that answers. */
export async function findRunningDaemon(home: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<RunningDaemon | null> {
  const discovery = readDiscovery(home);
  if (!discovery) return null;
  const health = await probeHealth(discovery, timeoutMs);
  return health ? { discovery, health } : null;
}
