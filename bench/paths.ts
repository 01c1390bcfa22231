// Where things are, found from this file so the bench runs from any working directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = path.join(ROOT, 'dist');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/** The bundles under test; see distSnapshot.ts for why they are copies of dist/. */
export interface Bundles {
  daemon: string;
  cli: string;
  demoAgent: string;
}

export function bundlesIn(dir: string): Bundles {
  return { daemon: path.join(dir, 'daemon.cjs'), cli: path.join(dir, 'cli.cjs'), demoAgent: path.join(dir, 'demo-agent.cjs') };
}
