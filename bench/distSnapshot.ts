// The benchmarks run a private copy of the bundles, taken right after `npm run bench` built
// them: other engineers rebuild dist/ while they work, and a daemon that spawns
// dist/demo-agent.cjs while another build rewrites it fails sessions for reasons that have
// nothing to do with the code under test. The copy sits inside the repository (under the
// gitignored bench/results/) so the bundles still resolve better-sqlite3 from node_modules, and
// the daemon still finds the demo agent beside itself.
import fs from 'node:fs';
import path from 'node:path';
import { DIST_DIR, RESULTS_DIR, bundlesIn, type Bundles } from './paths.js';

const FILES = ['daemon.cjs', 'cli.cjs', 'demo-agent.cjs'];

/**
 * Copies the bundles (and their source maps, which the profile summary reads) from `from`
 * (dist/, or a patched copy given with --dist to measure a proposed fix before it lands) into a
 * new directory under bench/results/, or into `keepIn` (a profile run keeps them beside its profiles).
 */
export function snapshotDist(keepIn?: string, from: string = DIST_DIR): { bundles: Bundles; remove: () => void } {
  fs.mkdirSync(keepIn ?? RESULTS_DIR, { recursive: true });
  const dir = keepIn ? path.join(keepIn, 'dist') : fs.mkdtempSync(path.join(RESULTS_DIR, '.dist-'));
  fs.mkdirSync(dir, { recursive: true });
  for (const f of FILES) {
    const file = path.join(from, f);
    if (!fs.existsSync(file)) throw new Error(`${f} is missing from ${from}: run \`npm run build\` (npm run bench builds first)`);
    fs.copyFileSync(file, path.join(dir, f));
    if (fs.existsSync(`${file}.map`)) fs.copyFileSync(`${file}.map`, path.join(dir, `${f}.map`));
  }
  return { bundles: bundlesIn(dir), remove: () => (keepIn ? undefined : fs.rmSync(dir, { recursive: true, force: true })) };
}
