// Reading the daemon's discovery file. A missing, partial (being written) or foreign file reads
// as "no daemon": the caller probes health before trusting what it names anyway.
import { readFile } from 'node:fs/promises';
import { DiscoverySchema, type Discovery } from '../../daemon/protocol/discovery.js';
import { discoveryPath } from './stateDir.js';

export async function readDiscovery(stateDir: string): Promise<Discovery | null> {
  let text: string;
  try {
    text = await readFile(discoveryPath(stateDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = DiscoverySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function sameDaemon(a: Discovery | null, b: Discovery | null): boolean {
  return a !== null && b !== null && a.pid === b.pid && a.port === b.port && a.startedAt === b.startedAt;
}
