// Builds stampAgent.ts into one CommonJS file the way esbuild.mjs builds the demo agent, so the
// daemon can spawn it with plain Node (no TypeScript loader in the measured path).
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './paths.js';
import type { TempDirs } from './tempDirs.js';

export async function buildStampAgent(tmp: TempDirs): Promise<string> {
  const outfile = path.join(tmp.make('stamp-agent'), 'stamp-agent.cjs');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', 'stampAgent.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return outfile;
}
