// The health probe the benchmarks time (reading daemon.json is client/discoveryFile.ts's job).
import type { Discovery } from '../daemon/protocol/discovery.js';

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
