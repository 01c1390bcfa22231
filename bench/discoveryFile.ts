// Reads a state dir's daemon.json without throwing: absent or half-written means "not yet".
import fs from 'node:fs';
import path from 'node:path';
import { DISCOVERY_FILE, DiscoverySchema, type Discovery } from '../daemon/protocol/discovery.js';

export function readDiscovery(home: string): Discovery | null {
  try {
    const parsed = DiscoverySchema.safeParse(JSON.parse(fs.readFileSync(path.join(home, DISCOVERY_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One GET /api/v1/health; true on a 200. Plain fetch: the typed client's validation is not what is timed. */
export async function healthAnswers(d: Discovery): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${d.port}/api/v1/health`, { headers: { authorization: `Bearer ${d.token}` } });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}
