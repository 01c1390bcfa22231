// Reading the daemon's discovery file. A missing, partial (being written) or foreign file reads
// as "no daemon": callers probe health before trusting what it names anyway. Synchronous on
// purpose: the file is a few hundred bytes, and the CLI needs its answer where it cannot wait.
import { readFileSync } from 'node:fs';
import { parseDiscovery, type Discovery } from '../daemon/protocol/discovery.js';
import { discoveryPath } from './stateDir.js';

export function readDiscovery(home: string): Discovery | null {
  let text: string;
  try {
    text = readFileSync(discoveryPath(home), 'utf8');
  } catch {
    return null;
  }
  return parseDiscovery(text);
}

/** The same daemon instance: a restarted daemon may reuse the port, never all three. */
export function sameDaemon(a: Discovery | null, b: Discovery | null): boolean {
  return a !== null && b !== null && a.pid === b.pid && a.port === b.port && a.startedAt === b.startedAt;
}
