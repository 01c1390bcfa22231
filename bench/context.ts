// What every benchmark gets from the runner: the mode, the iteration counts, scratch dirs, a
// log line writer, and a place for details that go to the JSON record but not the table.
import type { Bundles } from './paths.js';
import type { TempDirs } from './tempDirs.js';

export interface BenchContext {
  /** Tiny sizes, one iteration, no warm-up: checks the harness, not the targets. */
  quick: boolean;
  /** Measured iterations per benchmark (each benchmark may scale this for its cost). */
  runs: number;
  /** Untimed iterations first, so JIT, page cache and git's caches are warm on both sides. */
  warmups: number;
  tmp: TempDirs;
  bundles: Bundles;
  /** Set with --profile: daemons started by the benchmarks write .cpuprofile files here. */
  cpuProfDir?: string;
  log(line: string): void;
  details: Record<string, unknown>;
}

/** Runs `warmups` untimed iterations, then `runs` measured ones; returns the measured results. */
export async function iterate<T>(ctx: BenchContext, label: string, runs: number, once: (warm: boolean, index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const total = ctx.warmups + runs;
  for (let i = 0; i < total; i++) {
    const warm = i < ctx.warmups;
    const result = await once(warm, i);
    ctx.log(`  ${label} ${warm ? 'warm-up' : `run ${i - ctx.warmups + 1}/${runs}`}: ${describe(result)}`);
    if (!warm) results.push(result);
  }
  return results;
}

function describe(result: unknown): string {
  if (typeof result !== 'object' || result === null) return String(result);
  return Object.entries(result)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v)}`)
    .join(' ');
}
